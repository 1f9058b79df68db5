/// One model's place in a ranking.
public struct RankedModel: Sendable, Hashable {
    public var model: String
    /// What the ranking was ordered by; for Thompson sampling, this request's draw. Expected quality ×
    /// success × value per dollar, or with a quality price the net worth in dollars (`RankingPolicy.qualityPrice`).
    public var score: Double
    /// Expected quality_score, 0 to 10 (the posterior mean, also under Thompson sampling).
    public var expectedQuality: Double
    /// Expected probability of success, 0 to 1.
    public var expectedSuccessRate: Double
    /// Expected value delivered per dollar.
    public var expectedValuePerDollar: Double
    /// Dollars; equal to `estimate.cost`.
    public var estimatedCost: Double
    /// n/(n + k) for n executions and prior strength k; the seed's `confidence_interval` under `seed_compat`.
    public var confidence: Double
    public var source: ScoreSource
    public var assignmentReason: AssignmentReason
    public var estimate: TaskEstimate

    public init(
        model: String,
        score: Double,
        expectedQuality: Double,
        expectedSuccessRate: Double,
        expectedValuePerDollar: Double,
        estimatedCost: Double,
        confidence: Double,
        source: ScoreSource,
        assignmentReason: AssignmentReason,
        estimate: TaskEstimate
    ) {
        self.model = model
        self.score = score
        self.expectedQuality = expectedQuality
        self.expectedSuccessRate = expectedSuccessRate
        self.expectedValuePerDollar = expectedValuePerDollar
        self.estimatedCost = estimatedCost
        self.confidence = confidence
        self.source = source
        self.assignmentReason = assignmentReason
        self.estimate = estimate
    }
}
