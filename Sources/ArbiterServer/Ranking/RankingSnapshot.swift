import ArbiterCore
import ArbiterWire

/// What ranking and estimation read: the learned performance and subscription usage as of
/// the last write, and the ``RankingEngines`` in force.
///
/// The recorder publishes a new snapshot after each group of writes that share a log flush,
/// before any of them answers, so a client reads its own writes. Building one is cheap: the
/// engines are shared until their inputs change, the large parts are copy-on-write
/// containers, and the performance table is sharded so the recorder's next write copies one
/// shard, not the table.
///
/// A class, so that a reader takes the published snapshot with one retain
/// instead of copying a struct of some twenty reference-counted buffers
/// (which then had to be released again) on every rank call.
final class RankingSnapshot: Sendable {
    let engines: RankingEngines
    /// What first attempts showed, and what retries did (`LearningState.retryPerformance`).
    let performance: PerformanceTable
    let retryPerformance: PerformanceTable
    let ledger: SubscriptionLedger

    init(engines: RankingEngines, performance: PerformanceTable, retryPerformance: PerformanceTable, ledger: SubscriptionLedger) {
        self.engines = engines
        self.performance = performance
        self.retryPerformance = retryPerformance
        self.ledger = ledger
    }

    /// The A/B tests in force (the learning batch analyses the running ones).
    var abTests: AbTestRegistry { engines.abTests }

    func rank(_ request: RankingRequest, nowMs: Int64) throws(ArbiterError) -> RankingResult {
        try validate(request.task)
        let assignment = assign(request.task, candidates: request.candidates, nowMs: nowMs)
        var result: RankingResult
        if let strategy = assignment.strategy, let engine = engines.strategyEngines[strategy] {
            var request = request
            // In a running test the variant's ranking strategy and trade-off are what is tested, so
            // they win over the request's. A graduated strategy is the production default instead:
            // its engine has them as its catalog policy, which a request overrides as it would the catalog's.
            let inTest = !assignment.testID.isEmpty
            if inTest, let ranking = strategy.rankingStrategy { request.strategy = ranking }
            if inTest, strategy.tradesCostForQuality {
                // Checked before they are set aside, so that a request the variant overrides is
                // refused just as it is outside the test.
                try RankingPolicy.validateTradeOff(tolerance: request.qualityTolerance, price: request.qualityPrice)
                (request.qualityTolerance, request.qualityPrice) = (nil, nil)
            }
            result = try rank(request, ranker: engine.ranker, estimator: engine.estimator, nowMs: nowMs)
        } else {
            result = try rank(request, ranker: engines.ranker, estimator: engines.estimator, nowMs: nowMs)
        }
        result.abTestID = assignment.testID
        result.abVariant = assignment.variant
        return result
    }

    /// Ranker and estimator are borrowed, not copied: a copy retains and releases each of their tables.
    private func rank(_ request: RankingRequest, ranker: ModelRanker, estimator: TaskEstimator, nowMs: Int64) throws(ArbiterError) -> RankingResult {
        let learned = taskTypePerformance(for: request, domainEvidence: ranker.policy.poolDomains)
        return try ranker.rank(
            request,
            catalog: engines.catalog.models,
            capabilities: engines.catalog.capabilities,
            estimator: estimator,
            performance: learned,
            usage: { ledger.usage(model: $0, nowMs: nowMs) })
    }

    /// What was learned on the request's task type: from retries when it ranks a retry (the
    /// ranker leaves the failed models out), else from first attempts. Each table is read where
    /// it is stored: choosing one into a local first would copy it, retains and all, per call.
    private func taskTypePerformance(for request: RankingRequest, domainEvidence: Bool) -> PerformanceTable.TaskTypePerformance? {
        let task = request.task
        return request.failedModels.isEmpty
            ? performance.taskType(priority: task.priority, domain: task.domain, complexity: task.complexity, domainEvidence: domainEvidence)
            : retryPerformance.taskType(priority: task.priority, domain: task.domain, complexity: task.complexity, domainEvidence: domainEvidence)
    }

    func estimate(_ task: TaskDescriptor, candidates: [String], nowMs: Int64) throws(ArbiterError) -> EstimationResult {
        try validate(task)
        let assignment = assign(task, candidates: candidates, nowMs: nowMs)
        var result: EstimationResult
        if let strategy = assignment.strategy, let engine = engines.strategyEngines[strategy] {
            result = try engine.estimator.estimate(task, candidates: candidates, catalog: engines.catalog.models)
        } else {
            result = try engines.estimator.estimate(task, candidates: candidates, catalog: engines.catalog.models)
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
        engines.abTests.assignment(for: task, nowMs: nowMs) {
            candidates.isEmpty ? engines.enabledModelNames : candidates
        }
    }

    /// Usage in the current period of every subscription model, or of `model` alone.
    func subscriptionUsage(model: String, nowMs: Int64) throws(ArbiterError) -> [SubscriptionUsage] {
        if !model.isEmpty {
            guard let descriptor = engines.catalog.model(named: model) else {
                throw ArbiterError(.notFound, "no model named '\(model)' in the catalog", field: "model")
            }
            guard let usage = ledger.usage(model: descriptor, nowMs: nowMs) else {
                throw ArbiterError(.failedPrecondition, "model '\(model)' has no subscription", field: "model")
            }
            return [usage]
        }
        return engines.catalog.models.compactMap { ledger.usage(model: $0, nowMs: nowMs) }
    }

    var catalogSummary: CatalogSummary {
        CatalogSummary(models: engines.catalog.models, catalogPath: engines.catalogSource, loadedAtMs: engines.catalogLoadedAtMs)
    }

    private func validate(_ task: TaskDescriptor) throws(ArbiterError) {
        do {
            try ExecutionValidator(limits: engines.limits).validate(task)
        } catch {
            throw error.nested(under: "task")
        }
    }
}
