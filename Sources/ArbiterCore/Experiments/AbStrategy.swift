/// A named override of what ranking and estimation do, the unit an A/B test compares.
///
/// Every part is optional; what is not set stays as the catalog says.
public struct AbStrategy: Sendable, Hashable {
    public var name: String
    public var description: String
    /// Replace the catalog's token multipliers for these complexities.
    public var complexityMultipliers: [String: Double]
    /// Goes first for every matching task when it is a usable candidate; empty for none.
    public var preferredModel: String
    public var subscriptionThreshold: Double?
    public var rankingStrategy: RankingStrategy?
    /// The cost-for-quality trade-off (`RankingPolicy.qualityTolerance`, `.qualityPrice`): setting
    /// either replaces the catalog's and the request's, since it is part of what is tested. At most one.
    public var qualityTolerance: Double?
    public var qualityPrice: Double?

    public init(
        name: String, description: String = "", complexityMultipliers: [String: Double] = [:], preferredModel: String = "",
        subscriptionThreshold: Double? = nil, rankingStrategy: RankingStrategy? = nil, qualityTolerance: Double? = nil,
        qualityPrice: Double? = nil
    ) {
        self.name = name
        self.description = description
        self.complexityMultipliers = complexityMultipliers
        self.preferredModel = preferredModel
        self.subscriptionThreshold = subscriptionThreshold
        self.rankingStrategy = rankingStrategy
        self.qualityTolerance = qualityTolerance
        self.qualityPrice = qualityPrice
    }

    /// Sets a cost-for-quality knob.
    public var tradesCostForQuality: Bool { qualityTolerance != nil || qualityPrice != nil }

    /// Sets nothing: only a name, to be looked up in the catalog's strategies.
    public var overridesNothing: Bool {
        complexityMultipliers.isEmpty && preferredModel.isEmpty && subscriptionThreshold == nil && rankingStrategy == nil
            && !tradesCostForQuality
    }

    /// Throws `.invalidArgument` naming the first bad field (`name`, `complexity_multipliers.simple`, `subscription_threshold`,
    /// `quality_tolerance`, `quality_price`).
    public func validate() throws(ArbiterError) {
        if name.isEmpty {
            throw ArbiterError(.invalidArgument, "a strategy needs a name", field: "name")
        }
        try AbTest.checkLength(name, field: "name")
        try AbTest.checkLength(description, field: "description", maxBytes: AbTest.maxDescriptionBytes)
        try AbTest.checkLength(preferredModel, field: "preferred_model")
        try AbTest.checkCount(complexityMultipliers.count, field: "complexity_multipliers")
        for label in complexityMultipliers.keys.sorted() { try AbTest.checkLength(label, field: "complexity_multipliers.\(label.prefix(64))") }
        for (label, value) in complexityMultipliers.sorted(by: { $0.key < $1.key }) where !(value.isFinite && value > 0) {
            throw ArbiterError(
                .invalidArgument, "complexity multiplier for '\(label)' must be a finite, positive number; got \(value)",
                field: "complexity_multipliers.\(label)")
        }
        if let threshold = subscriptionThreshold, !threshold.isFinite {
            throw ArbiterError(.invalidArgument, "subscription_threshold must be a finite number; got \(threshold)", field: "subscription_threshold")
        }
        try RankingPolicy.validateTradeOff(tolerance: qualityTolerance, price: qualityPrice)
    }

    /// The catalog as ranking and estimation see it under this strategy.
    public func applied(to catalog: ModelCatalog) -> ModelCatalog {
        var catalog = catalog
        for (complexity, multiplier) in complexityMultipliers {
            catalog.estimation.complexityMultipliers[complexity] = multiplier
        }
        if let subscriptionThreshold { catalog.policy.subscriptionThreshold = subscriptionThreshold }
        if let rankingStrategy { catalog.policy.defaultStrategy = rankingStrategy }
        if tradesCostForQuality {
            catalog.policy.qualityTolerance = qualityTolerance
            catalog.policy.qualityPrice = qualityPrice
        }
        return catalog
    }
}
