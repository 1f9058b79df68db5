/// Ranks the catalog's models for a task.
///
/// Candidates are the request's names, or every enabled model when it names none. Unknown and
/// disabled names, subscription models out of quota and models that already failed the task
/// (`RankingRequest.failedModels`) are reported in `excluded`, never dropped silently.
/// Subscription models with quota left go first for tasks valued at least
/// `RankingPolicy.subscriptionThreshold`; everything else is ordered by score, highest first,
/// ties by model name in UTF-8 byte order. These availability rules hold for every strategy,
/// `seed_compat` included: only the score differs.
///
/// Greedy and Thompson blend learned statistics with the capability prior by sample count,
/// (n·learned + k·prior)/(n + k) for prior strength k, so both are in the same units and the
/// prior fades as executions arrive. The prior's value per dollar is the task's value score over
/// its estimated cost, the same units as the learned value_delivered/actual_cost.
///
/// The score is expected quality × success × value per dollar, or with a quality price
/// (`RankingPolicy.qualityPrice`) the net worth price × quality × success − cost in dollars.
public struct ModelRanker: Sendable {
    public var policy: RankingPolicy
    /// Goes first whenever it is a usable candidate, before subscription models: a strategy's
    /// forced preference (`AbStrategy.preferredModel`). Empty for none.
    public var preferredModel: String

    public init(policy: RankingPolicy = RankingPolicy(), preferredModel: String = "") {
        self.policy = policy
        self.preferredModel = preferredModel
    }

    /// - Parameters:
    ///   - learned: What has been learned about a model (by name) on the request's task type; nil before its first execution.
    ///   - usage: The current period's usage of a subscription model; nil counts as unused. Called for subscription models only.
    /// - Throws: `.invalidArgument` for a bad request; `.failedPrecondition` (field `candidates`) when no candidate can be ranked.
    public func rank(
        _ request: RankingRequest,
        catalog: [ModelDescriptor],
        capabilities: CapabilityMatrix,
        estimator: TaskEstimator,
        learned: (String) -> LearnedPerformance?,
        usage: (ModelDescriptor) -> SubscriptionUsage?
    ) throws(ArbiterError) -> RankingResult {
        try withoutActuallyEscaping(learned) { (learned) throws(ArbiterError) -> RankingResult in
            try rankCandidates(
                request, catalog: catalog, capabilities: capabilities, estimator: estimator,
                learned: LearnedByClosure(learned: learned), usage: usage)
        }
    }

    /// The same ranking, with what was learned read from the request's task type in a
    /// `PerformanceTable` (`PerformanceTable.taskType(priority:domain:complexity:)`; nil when it has
    /// no executions yet), as the server ranks.
    ///
    /// Equivalent to passing `{ performance?.learnedPerformance(model: $0) }` as `learned`, but
    /// each candidate's statistics are read in place, and only the part its strategy scores with:
    /// through the closure, each model's statistics (some 250 bytes) were copied several times.
    public func rank(
        _ request: RankingRequest,
        catalog: [ModelDescriptor],
        capabilities: CapabilityMatrix,
        estimator: TaskEstimator,
        performance: PerformanceTable.TaskTypePerformance?,
        usage: (ModelDescriptor) -> SubscriptionUsage?
    ) throws(ArbiterError) -> RankingResult {
        try rankCandidates(
            request, catalog: catalog, capabilities: capabilities, estimator: estimator,
            learned: LearnedInTable(performance: performance), usage: usage)
    }

    private func rankCandidates(
        _ request: RankingRequest,
        catalog: [ModelDescriptor],
        capabilities: CapabilityMatrix,
        estimator: TaskEstimator,
        learned: some LearnedSource,
        usage: (ModelDescriptor) -> SubscriptionUsage?
    ) throws(ArbiterError) -> RankingResult {
        try request.validate()
        let strategy = request.strategy ?? policy.defaultStrategy
        let seed = strategy == .thompson ? (request.seed ?? Self.freshSeed()) : nil
        var context = Context(
            task: request.task,
            baseline: estimator.baseline(request.task),
            strategy: strategy,
            random: seed.map(SeededRandom.init(seed:))
        )

        var candidates: [Candidate] = []
        var excluded: [ExcludedCandidate] = []
        candidates.reserveCapacity(request.candidates.isEmpty ? catalog.count : request.candidates.count)
        CandidateSelection.resolve(request.candidates, in: catalog) { outcome in
            switch outcome {
            case .candidate(let index) where request.failedModels.contains(where: { ExactString.equal($0, catalog[index].name) }):
                excluded.append(ExcludedCandidate(model: catalog[index].name, reason: .alreadyFailed))
            case .candidate(let index):
                if var candidate = assess(catalog[index], &context, capabilities, estimator, learned, usage) {
                    candidate.forced = !preferredModel.isEmpty && candidate.name.utf8.elementsEqual(preferredModel.utf8)
                    candidates.append(candidate)
                } else {
                    excluded.append(ExcludedCandidate(model: catalog[index].name, reason: .quotaExhausted))
                }
            case .excluded(let exclusion):
                excluded.append(exclusion)
            }
        }
        guard !candidates.isEmpty else {
            throw CandidateSelection.noneUsable(request.candidates, excluded)
        }
        let tradeOff = request.tradeOff(policy)
        if let tolerance = tradeOff.tolerance, strategy != .seedCompat {
            let best = candidates.reduce(-Double.infinity) { max($0, $1.effect) }
            let greedyBest = candidates.reduce(-Double.infinity) { max($0, $1.greedyEffect) }
            for index in candidates.indices {
                candidates[index].tolerated = candidates[index].effect >= best - tolerance
                candidates[index].greedyTolerated = candidates[index].greedyEffect >= greedyBest - tolerance
            }
        } else if let price = tradeOff.price, strategy != .seedCompat {
            for index in candidates.indices {
                candidates[index].score = price * candidates[index].effect - candidates[index].cost
                candidates[index].greedyScore = price * candidates[index].greedyEffect - candidates[index].cost
            }
        }

        // Indices are sorted rather than the candidates themselves, which are large to move,
        // and compared in place through a buffer pointer, which copies no candidate (nor
        // retains its name) per comparison.
        var order = Array(candidates.indices)
        var greedyPositions: [Int] = []
        candidates.withUnsafeBufferPointer { candidates in
            if strategy == .thompson {
                // Where greedy would have put each model, to tell exploration from exploitation.
                order.sort { Self.precedes($0, $1, in: candidates, byGreedy: true) }
                greedyPositions = Array(repeating: 0, count: candidates.count)
                for (position, index) in order.enumerated() {
                    greedyPositions[index] = position
                }
            }
            order.sort { Self.precedes($0, $1, in: candidates, byGreedy: false) }
        }

        let limit = request.topK == 0 ? order.count : min(request.topK, order.count)
        var ranked: [RankedModel] = []
        ranked.reserveCapacity(limit)
        let baseline = context.baseline
        for position in 0..<limit {
            let index = order[position]
            let c = candidates[index]
            let explored = !greedyPositions.isEmpty && position < greedyPositions[index] && Double(c.count) < policy.priorStrength
            ranked.append(RankedModel(
                model: c.name,
                score: c.score,
                expectedQuality: c.quality,
                expectedSuccessRate: c.successRate,
                expectedValuePerDollar: c.valuePerDollar,
                estimatedCost: c.cost,
                confidence: c.confidence,
                source: c.source,
                assignmentReason: reason(c, position: position, explored: explored, valueScore: baseline.valueScore),
                estimate: TaskEstimate(
                    model: c.name,
                    inputTokens: baseline.inputTokens,
                    outputTokens: baseline.outputTokens,
                    cost: c.cost,
                    valueScore: baseline.valueScore,
                    appliedAdjustments: baseline.appliedAdjustments
                )
            ))
        }
        return RankingResult(ranked: ranked, excluded: excluded, strategy: strategy, seed: seed)
    }

    /// What one rank call works with besides the candidates.
    private struct Context {
        var task: TaskDescriptor
        var baseline: TaskEstimator.Baseline
        var strategy: RankingStrategy
        /// Present for Thompson sampling only.
        var random: SeededRandom?
    }

    /// A model that can be ranked, with its figures.
    private struct Candidate {
        var name: String
        var tier: ModelTier
        var cost: Double
        /// `preferredModel`: first whatever its figures.
        var forced = false
        /// A subscription model with quota left and a task valued at or above the threshold.
        var preferred: Bool
        var score: Double
        var greedyScore: Double
        /// Expected quality × success (drawn, for Thompson): what `qualityTolerance` compares and `qualityPrice` prices.
        var effect: Double
        var greedyEffect: Double
        /// Within the tolerance of the best effect among the candidates; always true without one.
        var tolerated = true
        var greedyTolerated = true
        var quality: Double
        var successRate: Double
        var valuePerDollar: Double
        var confidence: Double
        var source: ScoreSource
        /// Executions of this model on this task type.
        var count: Int
    }

    /// The model's figures, or nil when it is a subscription model out of quota.
    private func assess(
        _ model: ModelDescriptor,
        _ context: inout Context,
        _ capabilities: CapabilityMatrix,
        _ estimator: TaskEstimator,
        _ learned: some LearnedSource,
        _ usage: (ModelDescriptor) -> SubscriptionUsage?
    ) -> Candidate? {
        let valueScore = context.baseline.valueScore
        var preferred = false
        if model.subscription != nil {
            if let current = usage(model), !current.hasQuotaLeft { return nil }
            preferred = valueScore >= policy.subscriptionThreshold
        }
        let cost = estimator.cost(context.baseline, model: model)
        let prior = capabilities.prior(model: model.name, domain: context.task.domain, complexity: context.task.complexity)
        let priorValuePerDollar = valueScore / max(cost, policy.minimumCost)

        if context.strategy == .seedCompat {
            return seedCompatCandidate(model, cost, preferred, prior, priorValuePerDollar, learned.running(model: model.name))
        }

        let aggregate = learned.aggregate(model: model.name)
        let posterior = Posterior(
            aggregate ?? PerformanceAggregate(),
            prior: policy.poolDomains ? pooledPrior(prior, learned.domainEvidence(model: model.name)?.excluding(aggregate)) : prior,
            priorValuePerDollar: priorValuePerDollar,
            policy: policy
        )
        let greedyEffect = posterior.quality * posterior.successRate
        let greedyScore = greedyEffect * posterior.valuePerDollar
        var score = greedyScore
        var effect = greedyEffect
        if var random = context.random {
            let success = posterior.drawSuccessRate(&random)
            let quality = posterior.drawQuality(&random)
            effect = quality * success
            score = effect * posterior.valuePerDollar
            context.random = random
        }
        return Candidate(
            name: model.name,
            tier: model.tier,
            cost: cost,
            preferred: preferred,
            score: score,
            greedyScore: greedyScore,
            effect: effect,
            greedyEffect: greedyEffect,
            quality: posterior.quality,
            successRate: posterior.successRate,
            valuePerDollar: posterior.valuePerDollar,
            confidence: posterior.confidence,
            source: posterior.source,
            count: posterior.count
        )
    }

    /// The capability prior moved toward what the model did on the other task types of the
    /// task's domain, by the same (n·learned + k·prior)/(n + k) blend: the task type's own
    /// executions then blend with this, so evidence flows from the domain to each of its types.
    private func pooledPrior(_ prior: CapabilityPrior, _ others: (count: Int, successes: Int, qualitySum: Double)?) -> CapabilityPrior {
        guard let others, others.count > 0 else { return prior }
        let k = policy.priorStrength
        let n = Double(others.count)
        return CapabilityPrior(
            quality: (others.qualitySum + k * prior.quality) / (n + k),
            successRate: (Double(others.successes) + k * min(max(prior.successRate, 0), 1)) / (n + k))
    }

    /// The seed's `get_model_ranking`, defects kept on purpose for A/B control groups.
    ///
    /// Any learned record is trusted (the seed's `confidence > 0.3` cannot fail, its confidence
    /// starting at 0.5), and its score quality × success × cost efficiency is compared with a cold-start
    /// score quality × success that lacks the value-per-dollar factor, so the two are on different scales.
    /// The running cost efficiency is 0 until some execution reports value_delivered, which ranks such a
    /// learned model below every cold-start one.
    private func seedCompatCandidate(
        _ model: ModelDescriptor,
        _ cost: Double,
        _ preferred: Bool,
        _ prior: CapabilityPrior,
        _ priorValuePerDollar: Double,
        _ running: RunningEstimates?
    ) -> Candidate {
        if let running, running.totalTasks > 0 {
            let score = running.avgQualityScore * running.successRate * running.avgCostEfficiency
            return Candidate(
                name: model.name, tier: model.tier, cost: cost, preferred: preferred, score: score, greedyScore: score,
                effect: 0, greedyEffect: 0, quality: running.avgQualityScore, successRate: running.successRate,
                valuePerDollar: running.avgCostEfficiency, confidence: running.confidence,
                source: .learned, count: running.totalTasks
            )
        }
        let score = prior.quality * prior.successRate
        return Candidate(
            name: model.name, tier: model.tier, cost: cost, preferred: preferred, score: score, greedyScore: score,
            effect: 0, greedyEffect: 0, quality: prior.quality, successRate: prior.successRate, valuePerDollar: priorValuePerDollar,
            confidence: 0, source: .prior, count: 0
        )
    }

    /// The first reason that applies, in `AssignmentReason`'s declaration order.
    ///
    /// - Parameter explored: Thompson sampling placed the model above its greedy position and it has fewer than k executions.
    private func reason(_ c: Candidate, position: Int, explored: Bool, valueScore: Double) -> AssignmentReason {
        if c.forced { return .strategyPreference }
        if c.preferred { return .subscriptionQuota }
        if explored { return .exploration }
        if position == 0 && c.tier == .premium && valueScore >= policy.highValueThreshold { return .highValuePremium }
        return c.source == .prior ? .coldStart : .learnedBest
    }

    /// The forced preference first, then preferred subscription models, then the higher score, then the name in byte order.
    private static func precedes(_ i: Int, _ j: Int, in candidates: UnsafeBufferPointer<Candidate>, byGreedy: Bool) -> Bool {
        if candidates[i].forced != candidates[j].forced { return candidates[i].forced }
        if candidates[i].preferred != candidates[j].preferred { return candidates[i].preferred }
        let (a, b) = byGreedy
            ? (candidates[i].greedyTolerated, candidates[j].greedyTolerated) : (candidates[i].tolerated, candidates[j].tolerated)
        if a != b { return a }
        // NaN sorts last so that one broken figure cannot scramble the order.
        let x = byGreedy ? candidates[i].greedyScore : candidates[i].score
        let y = byGreedy ? candidates[j].greedyScore : candidates[j].score
        if x != y {
            if x.isNaN { return false }
            if y.isNaN { return true }
            return x > y
        }
        return ExactString.compare(candidates[i].name, candidates[j].name) < 0
    }

    private static func freshSeed() -> UInt64 {
        var system = SystemRandomNumberGenerator()
        return system.next()
    }
}

/// Where `ModelRanker` reads what was learned about a candidate on the request's task type (nil
/// before the model's first execution there): only the part the strategy scores with.
private protocol LearnedSource {
    /// What greedy and Thompson scoring read.
    func aggregate(model: String) -> PerformanceAggregate?
    /// What `seed_compat` reads.
    func running(model: String) -> RunningEstimates?
    /// The model's evidence over the task's domain, for `RankingPolicy.poolDomains`.
    func domainEvidence(model: String) -> DomainEvidence?
}

/// A caller's closure, as given to `ModelRanker.rank(_:catalog:capabilities:estimator:learned:usage:)`.
private struct LearnedByClosure: LearnedSource {
    let learned: (String) -> LearnedPerformance?

    func aggregate(model: String) -> PerformanceAggregate? { learned(model)?.aggregate }
    func running(model: String) -> RunningEstimates? { learned(model)?.running }
    /// A closure gives the task type alone: no domain pooling.
    func domainEvidence(model: String) -> DomainEvidence? { nil }
}

/// One task type of a `PerformanceTable`, read in place.
private struct LearnedInTable: LearnedSource {
    let performance: PerformanceTable.TaskTypePerformance?

    func aggregate(model: String) -> PerformanceAggregate? { performance?.aggregate(model: model) }
    func running(model: String) -> RunningEstimates? { performance?.running(model: model) }
    func domainEvidence(model: String) -> DomainEvidence? { performance?.domainEvidence(model: model) }
}
