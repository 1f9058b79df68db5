/// The configurable bases of token and value estimation, before learned adjustments.
///
/// Labels not found in a table get its neutral value, so a new domain or complexity is estimated
/// like an average one instead of being rejected.
public struct EstimationParameters: Sendable, Hashable {
    /// Input tokens of a medium task before any factor. Default 4000.
    public var baseInputTokens: Int64
    /// Output tokens of a medium task before any factor. Default 2000.
    public var baseOutputTokens: Int64
    /// Token multiplier per complexity; default simple 0.5, medium 1.0, complex 1.5, very_complex 2.0; others 1.0.
    public var complexityMultipliers: [String: Double]
    /// Token multiplier per domain; default empty; others 1.0.
    public var domainTokenFactors: [String: Double]
    /// Value score per priority; default P0 100, P1 75, P2 50, P3 25; others `defaultPriorityWeight`.
    public var priorityWeights: [String: Double]
    /// Weight for a priority missing from `priorityWeights`. Default 50.
    public var defaultPriorityWeight: Double
    /// Value score multiplier per domain; default empty; others 1.0.
    public var domainModifiers: [String: Double]

    public static let defaultComplexityMultipliers: [String: Double] = [
        "simple": 0.5, "medium": 1.0, "complex": 1.5, "very_complex": 2.0,
    ]
    public static let defaultPriorityWeights: [String: Double] = ["P0": 100, "P1": 75, "P2": 50, "P3": 25]

    public init(
        baseInputTokens: Int64 = 4000,
        baseOutputTokens: Int64 = 2000,
        complexityMultipliers: [String: Double] = EstimationParameters.defaultComplexityMultipliers,
        domainTokenFactors: [String: Double] = [:],
        priorityWeights: [String: Double] = EstimationParameters.defaultPriorityWeights,
        defaultPriorityWeight: Double = 50,
        domainModifiers: [String: Double] = [:]
    ) {
        self.baseInputTokens = baseInputTokens
        self.baseOutputTokens = baseOutputTokens
        self.complexityMultipliers = complexityMultipliers
        self.domainTokenFactors = domainTokenFactors
        self.priorityWeights = priorityWeights
        self.defaultPriorityWeight = defaultPriorityWeight
        self.domainModifiers = domainModifiers
    }

    public func complexityMultiplier(_ complexity: String) -> Double { complexityMultipliers[complexity] ?? 1 }
    public func domainTokenFactor(_ domain: String) -> Double { domainTokenFactors[domain] ?? 1 }
    public func priorityWeight(_ priority: String) -> Double { priorityWeights[priority] ?? defaultPriorityWeight }
    public func domainModifier(_ domain: String) -> Double { domainModifiers[domain] ?? 1 }

    /// Throws `.invalidArgument` for the first negative, non-finite or absurd figure, tables in key order.
    public func validate() throws(ArbiterError) {
        for (field, tokens) in [("base_input_tokens", baseInputTokens), ("base_output_tokens", baseOutputTokens)]
        where tokens < 0 || tokens > ExecutionLimits().maxTokens {
            throw ArbiterError(.invalidArgument, "\(field) must be between 0 and \(ExecutionLimits().maxTokens); got \(tokens)", field: field)
        }
        if !defaultPriorityWeight.isFinite || defaultPriorityWeight < 0 {
            throw ArbiterError(
                .invalidArgument, "default_priority_weight must be a finite, non-negative number; got \(defaultPriorityWeight)",
                field: "default_priority_weight"
            )
        }
        let tables = [
            ("complexity_multipliers", complexityMultipliers), ("domain_token_factors", domainTokenFactors),
            ("priority_weights", priorityWeights), ("domain_modifiers", domainModifiers),
        ]
        for (table, entries) in tables {
            for (label, value) in entries.sorted(by: { $0.key < $1.key }) where !value.isFinite || value < 0 {
                throw ArbiterError(
                    .invalidArgument, "\(table).\(label) must be a finite, non-negative number; got \(value)",
                    field: "\(table).\(label)"
                )
            }
        }
    }
}
