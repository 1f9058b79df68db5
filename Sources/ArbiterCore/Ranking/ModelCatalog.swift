/// Everything a catalog file configures: the models, their capability priors,
/// the estimation parameters and the ranking policy.
public struct ModelCatalog: Sendable, Hashable {
    public var models: [ModelDescriptor]
    public var capabilities: CapabilityMatrix
    public var estimation: EstimationParameters
    public var policy: RankingPolicy
    /// What the cost-efficiency alert expects (`monitoring.target_value_per_dollar`, and each model's).
    public var valuePerDollarTargets = ValuePerDollarTargets()

    public init(
        models: [ModelDescriptor] = [],
        capabilities: CapabilityMatrix = CapabilityMatrix(),
        estimation: EstimationParameters = EstimationParameters(),
        policy: RankingPolicy = RankingPolicy()
    ) {
        self.models = models
        self.capabilities = capabilities
        self.estimation = estimation
        self.policy = policy
    }

    /// The model named `name`, compared by its exact bytes as everywhere else.
    public func model(named name: String) -> ModelDescriptor? {
        models.first { $0.name.utf8.elementsEqual(name.utf8) }
    }
}
