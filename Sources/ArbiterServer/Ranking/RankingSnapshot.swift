import ArbiterCore
import ArbiterWire

/// What ranking and estimation read: an immutable copy of the catalog, the
/// learned performance and subscription usage, as of the last write.
///
/// The recorder publishes a new snapshot after every write, before it
/// answers, so a client reads its own writes. Building one is cheap: the large
/// parts are copy-on-write containers, and the performance table is sharded
/// so the recorder's next write copies one shard, not the table.
///
/// A class, so that a reader takes the published snapshot with one retain
/// instead of copying a struct of some twenty reference-counted buffers
/// (which then had to be released again) on every rank call.
final class RankingSnapshot: Sendable {
    let catalog: ModelCatalog
    let catalogSource: String
    let catalogLoadedAtMs: Int64
    let performance: PerformanceTable
    let ledger: SubscriptionLedger
    let adjustments: ParameterAdjustments
    let limits: ExecutionLimits
    /// Made once here rather than on each call, which copied their tables.
    private let ranker: ModelRanker
    private let estimator: TaskEstimator

    init(
        catalog: ModelCatalog, catalogSource: String, catalogLoadedAtMs: Int64, performance: PerformanceTable,
        ledger: SubscriptionLedger, adjustments: ParameterAdjustments = ParameterAdjustments([:]), limits: ExecutionLimits = ExecutionLimits()
    ) {
        self.catalog = catalog
        self.catalogSource = catalogSource
        self.catalogLoadedAtMs = catalogLoadedAtMs
        self.performance = performance
        self.ledger = ledger
        self.adjustments = adjustments
        self.limits = limits
        ranker = ModelRanker(policy: catalog.policy)
        estimator = TaskEstimator(parameters: catalog.estimation, adjustments: adjustments)
    }

    func rank(_ request: RankingRequest, nowMs: Int64) throws(ArbiterError) -> RankingResult {
        try validate(request.task)
        let learned = performance.taskType(priority: request.task.priority, domain: request.task.domain, complexity: request.task.complexity)
        return try ranker.rank(
            request,
            catalog: catalog.models,
            capabilities: catalog.capabilities,
            estimator: estimator,
            performance: learned,
            usage: { ledger.usage(model: $0, nowMs: nowMs) })
    }

    func estimate(_ task: TaskDescriptor, candidates: [String]) throws(ArbiterError) -> EstimationResult {
        try validate(task)
        return try estimator.estimate(task, candidates: candidates, catalog: catalog.models)
    }

    /// Usage in the current period of every subscription model, or of `model` alone.
    func subscriptionUsage(model: String, nowMs: Int64) throws(ArbiterError) -> [SubscriptionUsage] {
        if !model.isEmpty {
            guard let descriptor = catalog.model(named: model) else {
                throw ArbiterError(.notFound, "no model named '\(model)' in the catalog", field: "model")
            }
            guard let usage = ledger.usage(model: descriptor, nowMs: nowMs) else {
                throw ArbiterError(.failedPrecondition, "model '\(model)' has no subscription", field: "model")
            }
            return [usage]
        }
        return catalog.models.compactMap { ledger.usage(model: $0, nowMs: nowMs) }
    }

    var catalogSummary: CatalogSummary {
        CatalogSummary(models: catalog.models, catalogPath: catalogSource, loadedAtMs: catalogLoadedAtMs)
    }

    private func validate(_ task: TaskDescriptor) throws(ArbiterError) {
        do {
            try ExecutionValidator(limits: limits).validate(task)
        } catch {
            throw error.nested(under: "task")
        }
    }
}
