/// Everything a catalog file configures: the models, their capability priors,
/// the estimation parameters, the ranking policy and the learning batch's thresholds.
public struct ModelCatalog: Sendable, Hashable {
    public var models: [ModelDescriptor]
    public var capabilities: CapabilityMatrix
    public var estimation: EstimationParameters
    public var policy: RankingPolicy
    /// Named strategies A/B tests can refer to by name (the file's `strategies:` section).
    public var strategies: [String: AbStrategy]
    /// What the cost-efficiency alert expects (`monitoring.target_value_per_dollar`, and each model's).
    public var valuePerDollarTargets = ValuePerDollarTargets()
    /// Windows and thresholds of the learning batch (the file's `learning:` section).
    public var learning = LearningConfiguration()

    public init(
        models: [ModelDescriptor] = [],
        capabilities: CapabilityMatrix = CapabilityMatrix(),
        estimation: EstimationParameters = EstimationParameters(),
        policy: RankingPolicy = RankingPolicy(),
        strategies: [String: AbStrategy] = [:]
    ) {
        self.models = models
        self.capabilities = capabilities
        self.estimation = estimation
        self.policy = policy
        self.strategies = strategies
    }

    /// The model named `name`, compared by its exact bytes as everywhere else.
    public func model(named name: String) -> ModelDescriptor? {
        models.first { $0.name.utf8.elementsEqual(name.utf8) }
    }
}
