import ArbiterCore

/// The part of a ``RankingSnapshot`` that recording leaves alone: the catalog, the applied
/// estimation adjustments, the A/B tests, and the rankers and estimators made from them.
///
/// Only a catalog reload, an adjustment that changes estimation and an A/B test change make a
/// new one; every snapshot published after a record shares the one in force, so publishing
/// after a write copies no catalog and builds no ranker.
///
/// A class, so that snapshots share it with one retain.
final class RankingEngines: Sendable {
    let catalog: ModelCatalog
    let catalogSource: String
    let catalogLoadedAtMs: Int64
    let adjustments: ParameterAdjustments
    let limits: ExecutionLimits
    /// The A/B tests, which decide the strategy each task is ranked and estimated with.
    let abTests: AbTestRegistry
    /// The candidates of a request that names none, for tests whose criteria name models.
    let enabledModelNames: [String]
    /// The production ranker and estimator.
    let ranker: ModelRanker
    let estimator: TaskEstimator
    /// The ranker and estimator of each strategy a running or graduated test can assign.
    let strategyEngines: [AbStrategy: (ranker: ModelRanker, estimator: TaskEstimator)]

    init(
        catalog: ModelCatalog, catalogSource: String, catalogLoadedAtMs: Int64,
        adjustments: ParameterAdjustments = ParameterAdjustments([:]), limits: ExecutionLimits = ExecutionLimits(),
        abTests: AbTestRegistry = AbTestRegistry()
    ) {
        self.catalog = catalog
        self.catalogSource = catalogSource
        self.catalogLoadedAtMs = catalogLoadedAtMs
        self.adjustments = adjustments
        self.limits = limits
        self.abTests = abTests
        ranker = ModelRanker(policy: catalog.policy)
        estimator = TaskEstimator(parameters: catalog.estimation, adjustments: adjustments)
        var engines: [AbStrategy: (ranker: ModelRanker, estimator: TaskEstimator)] = [:]
        for test in abTests.tests where test.status != .stopped {
            for strategy in [test.control, test.treatment] where engines[strategy] == nil {
                let applied = strategy.applied(to: catalog)
                engines[strategy] = (
                    ModelRanker(policy: applied.policy, preferredModel: strategy.preferredModel),
                    TaskEstimator(parameters: applied.estimation, adjustments: adjustments)
                )
            }
        }
        strategyEngines = engines
        enabledModelNames = catalog.models.filter(\.enabled).map(\.name)
    }
}
