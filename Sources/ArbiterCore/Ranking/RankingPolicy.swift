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
    /// The knob that trades cost for quality: quality points (0-10, of expected quality × success
    /// rate) a candidate may fall short of the best one and still be ranked by its score; those
    /// further behind go after all of them. Nil (the default) ranks by score alone.
    ///
    /// The score, quality × success × value per dollar, lets price dominate: a model 18 times
    /// dearer must be 18^(1/3) ≈ 2.6 times as accurate to win, so a premium model is almost never
    /// worth it by value per dollar alone. A tolerance asks instead for the best value per dollar
    /// among the models that are nearly as good as the best: 0 buys the best expected quality,
    /// 10 is the same as none. Like RouteLLM's threshold, it compares a difference in expected
    /// quality, which is what the accuracy bought per dollar spent depends on, not a ratio.
    public var qualityTolerance: Double?
    /// The other knob that trades cost for quality: US dollars the caller will pay for one point
    /// of expected quality (0-10, of expected quality × success rate) on a task. When set,
    /// candidates rank by the net worth `qualityPrice × expected quality × success − estimated
    /// cost` (reported as their score), so a dearer model goes first exactly when each extra
    /// dollar buys at least 1/`qualityPrice` points. Nil (the default) ranks by score alone;
    /// at most one of this and `qualityTolerance` may be set.
    ///
    /// Unlike the tolerance, it weighs what the task at hand costs on each model (from its own
    /// predicted tokens): where tasks differ in size, upgrading the small ones buys the most
    /// quality per dollar, and a fixed difference in quality points cannot see that. On the
    /// MMLU replay it traces a better accuracy-vs-cost curve (README, Replay).
    public var qualityPrice: Double?
    /// Whether a model's executions on the other task types of a domain inform its prior on
    /// each (greedy and Thompson, when ranking from a `PerformanceTable`). Default false.
    ///
    /// Task types split by priority and complexity as well as domain, so each sees a fraction
    /// of the data; how well a model knows a subject often carries across them. The pooled
    /// evidence is blended with the capability prior at strength k first, then the task type's
    /// own executions with that, so the type's own data still decides once there is enough.
    /// Off by default: on the MMLU replay it made greedy try the premium model more often where
    /// the cheap one had failed elsewhere in the subject, which cost 1.5% of value per dollar
    /// (see the README's replay figures); it helps a quality price find where to spend.
    public var poolDomains: Bool

    public init(
        priorStrength: Double = 5,
        priorQualityVariance: Double = 4,
        subscriptionThreshold: Double = 70,
        highValueThreshold: Double = 80,
        defaultStrategy: RankingStrategy = .greedy,
        learnedPriorWeight: Double = 0.05,
        minimumCost: Double = 0.0001,
        qualityTolerance: Double? = nil,
        qualityPrice: Double? = nil,
        poolDomains: Bool = false
    ) {
        self.priorStrength = priorStrength
        self.priorQualityVariance = priorQualityVariance
        self.subscriptionThreshold = subscriptionThreshold
        self.highValueThreshold = highValueThreshold
        self.defaultStrategy = defaultStrategy
        self.learnedPriorWeight = learnedPriorWeight
        self.minimumCost = minimumCost
        self.qualityTolerance = qualityTolerance
        self.qualityPrice = qualityPrice
        self.poolDomains = poolDomains
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
        try Self.validateTradeOff(tolerance: qualityTolerance, price: qualityPrice)
    }

    /// The largest `qualityPrice`: 1e300 dollars a point, so that price × quality (at most 10) stays
    /// finite. Above about 1.8e307 every model's net worth was +inf, and equal scores rank by name.
    public static let maximumQualityPrice = 1e300

    /// The rules for the two cost-for-quality knobs, wherever they are set (the catalog, a rank
    /// request, an A/B strategy). Throws `.invalidArgument` on `quality_tolerance` or `quality_price`.
    public static func validateTradeOff(tolerance: Double?, price: Double?) throws(ArbiterError) {
        if let tolerance, !(0...10).contains(tolerance) {
            throw ArbiterError(.invalidArgument, "quality_tolerance must be in [0, 10]; got \(tolerance)", field: "quality_tolerance")
        }
        if let price {
            if !(price >= 0 && price <= maximumQualityPrice) {
                throw ArbiterError(
                    .invalidArgument, "quality_price must be a finite, non-negative number of dollars, at most 1e300; got \(price)",
                    field: "quality_price")
            }
            if tolerance != nil {
                throw ArbiterError(
                    .invalidArgument, "quality_price and quality_tolerance are two ways to trade cost for quality; set one",
                    field: "quality_price")
            }
        }
    }
}
