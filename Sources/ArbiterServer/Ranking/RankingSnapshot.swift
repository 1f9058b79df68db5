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
    /// The candidates of a request that names none, for tests whose criteria name models.
    private let enabledModelNames: [String]
    /// The A/B tests, which decide the strategy each task is ranked and estimated with.
    let abTests: AbTestRegistry
    /// Made once here rather than on each call, which copied their tables.
    private let ranker: ModelRanker
    private let estimator: TaskEstimator
    /// The ranker and estimator of each strategy a running or graduated test can assign.
    private let strategyEngines: [AbStrategy: (ranker: ModelRanker, estimator: TaskEstimator)]

    init(
        catalog: ModelCatalog, catalogSource: String, catalogLoadedAtMs: Int64, performance: PerformanceTable,
        ledger: SubscriptionLedger, adjustments: ParameterAdjustments = ParameterAdjustments([:]), limits: ExecutionLimits = ExecutionLimits(),
        abTests: AbTestRegistry = AbTestRegistry()
    ) {
        self.catalog = catalog
        self.catalogSource = catalogSource
        self.catalogLoadedAtMs = catalogLoadedAtMs
        self.performance = performance
        self.ledger = ledger
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

    func rank(_ request: RankingRequest, nowMs: Int64) throws(ArbiterError) -> RankingResult {
        try validate(request.task)
        let assignment = assign(request.task, candidates: request.candidates, nowMs: nowMs)
        var result: RankingResult
        if let strategy = assignment.strategy, let engine = strategyEngines[strategy] {
            var request = request
            // The variant's ranking strategy is part of what is tested, so it wins over the request's.
            if let ranking = strategy.rankingStrategy { request.strategy = ranking }
            result = try rank(request, ranker: engine.ranker, estimator: engine.estimator, nowMs: nowMs)
        } else {
            result = try rank(request, ranker: ranker, estimator: estimator, nowMs: nowMs)
        }
        result.abTestID = assignment.testID
        result.abVariant = assignment.variant
        return result
    }

    /// Ranker and estimator are borrowed, not copied: a copy retains and releases each of their tables.
    private func rank(_ request: RankingRequest, ranker: ModelRanker, estimator: TaskEstimator, nowMs: Int64) throws(ArbiterError) -> RankingResult {
        let learned = performance.taskType(
            priority: request.task.priority, domain: request.task.domain, complexity: request.task.complexity,
            domainEvidence: ranker.policy.poolDomains)
        return try ranker.rank(
            request,
            catalog: catalog.models,
            capabilities: catalog.capabilities,
            estimator: estimator,
            performance: learned,
            usage: { ledger.usage(model: $0, nowMs: nowMs) })
    }

    func estimate(_ task: TaskDescriptor, candidates: [String], nowMs: Int64) throws(ArbiterError) -> EstimationResult {
        try validate(task)
        let assignment = assign(task, candidates: candidates, nowMs: nowMs)
        var result: EstimationResult
        if let strategy = assignment.strategy, let engine = strategyEngines[strategy] {
            result = try engine.estimator.estimate(task, candidates: candidates, catalog: catalog.models)
        } else {
            result = try estimator.estimate(task, candidates: candidates, catalog: catalog.models)
        }
        result.abTestID = assignment.testID
        result.abVariant = assignment.variant
        return result
    }

    /// `assign_variant`: the test, variant and strategy rank_models and estimate_task would use.
    func assignVariant(_ task: TaskDescriptor, candidates: [String], nowMs: Int64) throws(ArbiterError) -> AbVariantAssignment {
        try validate(task)
        let assignment = assign(task, candidates: candidates, nowMs: nowMs)
        return AbVariantAssignment(testID: assignment.testID, variant: assignment.variant, strategy: assignment.strategy?.name ?? "")
    }

    private func assign(_ task: TaskDescriptor, candidates: [String], nowMs: Int64) -> AbAssignment {
        abTests.assignment(for: task, nowMs: nowMs) {
            candidates.isEmpty ? enabledModelNames : candidates
        }
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
