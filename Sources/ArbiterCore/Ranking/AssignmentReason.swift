/// Why a model sits where it does in a ranking; recorded with the execution as `assignment_reason`.
///
/// Each ranked model gets the first that applies, in declaration order; `strategyPreference`,
/// declared last to keep the earlier cases' positions, comes before all of them.
public enum AssignmentReason: String, Sendable, Hashable, CaseIterable {
    /// A subscription model with quota left, for a task valued at least `RankingPolicy.subscriptionThreshold`.
    case subscriptionQuota = "subscription_quota"
    /// Thompson sampling placed it higher than greedy would have, and it has fewer than k executions.
    case exploration
    /// First, premium tier, and the task is valued at least `RankingPolicy.highValueThreshold`.
    case highValuePremium = "high_value_premium"
    /// Its figures rest on learned data (source learned or blend).
    case learnedBest = "learned_best"
    /// Its figures are the capability prior alone.
    case coldStart = "cold_start"
    /// The model an A/B test variant's (or a graduated) strategy prefers for this task (`ModelRanker.preferredModel`).
    case strategyPreference = "strategy_preference"
}
