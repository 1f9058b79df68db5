/// A request to rank models for a task.
public struct RankingRequest: Sendable, Hashable {
    public var task: TaskDescriptor
    /// Model names to consider; empty means every enabled model in the catalog.
    public var candidates: [String]
    /// Nil means `RankingPolicy.defaultStrategy`.
    public var strategy: RankingStrategy?
    /// How many models to return; 0 means all.
    public var topK: Int
    /// Makes Thompson sampling reproducible: the same seed with the same catalog, candidates and data
    /// gives the same ranking. Nil draws a fresh seed, reported in `RankingResult.seed`.
    public var seed: UInt64?
    /// See `RankingPolicy.qualityTolerance`. A request that sets this or `qualityPrice` trades
    /// cost for quality its own way: the policy's knobs are then ignored.
    public var qualityTolerance: Double?
    /// See `RankingPolicy.qualityPrice`; at most one of this and `qualityTolerance` may be set.
    public var qualityPrice: Double?
    /// Models that already failed this task, which makes this the ranking of a retry: they are
    /// left out (`ExclusionReason.alreadyFailed`), and the others are scored from what retries of
    /// the task type showed (`LearningState.retryPerformance`). Names the catalog does not know
    /// are accepted: a model may have left it since it failed.
    public var failedModels: [String]

    public init(
        task: TaskDescriptor, candidates: [String] = [], strategy: RankingStrategy? = nil, topK: Int = 0,
        seed: UInt64? = nil, qualityTolerance: Double? = nil, qualityPrice: Double? = nil, failedModels: [String] = []
    ) {
        self.task = task
        self.candidates = candidates
        self.strategy = strategy
        self.topK = topK
        self.seed = seed
        self.qualityTolerance = qualityTolerance
        self.qualityPrice = qualityPrice
        self.failedModels = failedModels
    }

    /// The cost-for-quality trade-off in force: the request's when it sets either knob, else the policy's.
    func tradeOff(_ policy: RankingPolicy) -> (tolerance: Double?, price: Double?) {
        qualityTolerance != nil || qualityPrice != nil
            ? (qualityTolerance, qualityPrice) : (policy.qualityTolerance, policy.qualityPrice)
    }

    /// Throws `.invalidArgument` naming the first bad field (`task.predicted_value_score`, `top_k`, `quality_tolerance`,
    /// `quality_price`).
    public func validate(limits: ExecutionLimits = ExecutionLimits()) throws(ArbiterError) {
        do throws(ArbiterError) {
            try task.validate(limits: limits)
        } catch {
            throw error.nested(under: "task")
        }
        if topK < 0 {
            throw ArbiterError(.invalidArgument, "top_k must not be negative (0 means all); got \(topK)", field: "top_k")
        }
        try RankingPolicy.validateTradeOff(tolerance: qualityTolerance, price: qualityPrice)
    }
}
