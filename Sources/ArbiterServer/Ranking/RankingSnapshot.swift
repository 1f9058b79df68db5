import ArbiterCore
import ArbiterWire

/// What ranking and estimation read: an immutable copy of the catalog, the
/// learned performance and subscription usage, as of the last write.
///
/// The recorder publishes a new snapshot after every write, before it
/// answers, so a client reads its own writes. Copies are cheap: the large
/// parts are copy-on-write containers, and the performance table is sharded
/// so the recorder's next write copies one shard, not the table.
struct RankingSnapshot: Sendable {
    var catalog: ModelCatalog
    var catalogSource: String
    var catalogLoadedAtMs: Int64
    var performance: PerformanceTable
    var ledger: SubscriptionLedger
    var adjustments = ParameterAdjustments([:])
    var limits = ExecutionLimits()

    func rank(_ request: RankingRequest, nowMs: Int64) throws(ArbiterError) -> RankingResult {
        try validate(request.task)
        let learned = performance.taskType(priority: request.task.priority, domain: request.task.domain, complexity: request.task.complexity)
        let ledger = ledger
        return try ModelRanker(policy: catalog.policy).rank(
            request,
            catalog: catalog.models,
            capabilities: catalog.capabilities,
            estimator: estimator,
            learned: { learned?.learnedPerformance(model: $0) },
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

    private var estimator: TaskEstimator {
        TaskEstimator(parameters: catalog.estimation, adjustments: adjustments)
    }

    private func validate(_ task: TaskDescriptor) throws(ArbiterError) {
        do {
            try ExecutionValidator(limits: limits).validate(task)
        } catch {
            throw error.nested(under: "task")
        }
    }
}
