/// The tunable constants of ranking.
public struct RankingPolicy: Sendable, Hashable {
    /// k: how many executions the capability prior is worth. Default 5.
    ///
    /// Learned and prior figures blend as (n·learned + k·prior)/(n + k), so at n = k they weigh the same.
    public var priorStrength: Double
    /// Variance of quality_score assumed before any execution, blended with the sample variance like
    /// the means. Default 4.0 (a standard deviation of 2 on the 0-10 scale).
    public var priorQualityVariance: Double
    /// A subscription model with quota left goes first for tasks valued at least this. Default 70.
    public var subscriptionThreshold: Double
    /// A premium model ranked first for a task valued at least this is `high_value_premium`. Default 80.
    public var highValueThreshold: Double
    /// Used when a request names no strategy. Default greedy.
    public var defaultStrategy: RankingStrategy
    /// A figure counts as learned, not blended, once the prior's weight k/(n + k) is below this. Default 0.05,
    /// that is n > 19k (more than 95 executions at k = 5).
    public var learnedPriorWeight: Double
    /// Dollars: the least cost the prior's value per dollar divides by. Default 0.0001.
    ///
    /// Keeps a free model's value per dollar finite (very high rather than infinite), so products
    /// and comparisons with it stay meaningful.
    public var minimumCost: Double

    public init(
        priorStrength: Double = 5,
        priorQualityVariance: Double = 4,
        subscriptionThreshold: Double = 70,
        highValueThreshold: Double = 80,
        defaultStrategy: RankingStrategy = .greedy,
        learnedPriorWeight: Double = 0.05,
        minimumCost: Double = 0.0001
    ) {
        self.priorStrength = priorStrength
        self.priorQualityVariance = priorQualityVariance
        self.subscriptionThreshold = subscriptionThreshold
        self.highValueThreshold = highValueThreshold
        self.defaultStrategy = defaultStrategy
        self.learnedPriorWeight = learnedPriorWeight
        self.minimumCost = minimumCost
    }

    /// Throws `.invalidArgument` naming the first bad field.
    public func validate() throws(ArbiterError) {
        func invalid(_ field: String, _ requirement: String, _ value: Double) -> ArbiterError {
            ArbiterError(.invalidArgument, "\(field) must be \(requirement); got \(value)", field: field)
        }
        if !(priorStrength.isFinite && priorStrength > 0) {
            throw invalid("prior_strength", "a finite, positive number", priorStrength)
        }
        if !(priorQualityVariance.isFinite && priorQualityVariance >= 0) {
            throw invalid("prior_quality_variance", "a finite, non-negative number", priorQualityVariance)
        }
        if !subscriptionThreshold.isFinite {
            throw invalid("subscription_threshold", "a finite number", subscriptionThreshold)
        }
        if !highValueThreshold.isFinite {
            throw invalid("high_value_threshold", "a finite number", highValueThreshold)
        }
        if !(learnedPriorWeight > 0 && learnedPriorWeight <= 1) {
            throw invalid("learned_prior_weight", "in (0, 1]", learnedPriorWeight)
        }
        if !(minimumCost.isFinite && minimumCost > 0) {
            throw invalid("minimum_cost", "a finite, positive number", minimumCost)
        }
    }
}
