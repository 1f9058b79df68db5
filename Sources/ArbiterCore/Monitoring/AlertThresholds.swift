/// The monitoring rules' thresholds; the defaults are the design seed's.
public struct AlertThresholds: Sendable, Hashable {
    /// Days in the recent window the degradation and cost rules judge: today (UTC) and the days before it. Default 7.
    public var recentDays: Int = 7
    /// Days of history before the recent window that degradation compares with. Default 30.
    public var historyDays: Int = 30
    /// Days with at least one execution the history needs before degradation is judged. Default 5.
    public var minimumHistoryDays: Int = 5
    /// Executions the recent window needs before degradation is judged. Default 10.
    public var minimumRecentTasks: Int = 10
    /// Degradation: the recent success rate is below the history's mean minus this many standard
    /// deviations (warning). Default 2.
    public var degradationDeviations: Double = 2
    /// ... below the mean minus this many (critical). Default 3.
    public var criticalDegradationDeviations: Double = 3
    /// Cost efficiency: value per dollar below this share of the target (warning). Default 0.8.
    public var costEfficiencyRatio: Double = 0.8
    /// ... below this share (critical). Default 0.5.
    public var criticalCostEfficiencyRatio: Double = 0.5
    /// Executions with a value and a cost the recent window needs before cost efficiency is judged. Default 10.
    public var minimumCostSamples: Int = 10
    /// Adjustment drift: a factor further than this from 1 (warning). Default 0.5.
    public var driftTolerance: Double = 0.5
    /// ... further than this (critical). Default 1.0.
    public var criticalDriftTolerance: Double = 1.0
    /// The same condition does not alert again within this many milliseconds unless its severity rises. Default 24 h.
    public var cooldownMs: Int64 = 86_400_000
    /// Alerts kept in the history; the oldest are dropped. Default 10,000.
    public var historyCapacity: Int = 10_000

    public init() {}

    /// Throws `.invalidArgument` naming the first bad threshold as `arbiterd --alert-<field>` does.
    public func validate() throws(ArbiterError) {
        func require(_ ok: Bool, _ field: String, _ requirement: String) throws(ArbiterError) {
            if !ok { throw ArbiterError(.invalidArgument, "\(field) must be \(requirement)", field: field) }
        }
        try require(recentDays > 0, "recent_days", "positive")
        try require(historyDays > 0, "history_days", "positive")
        try require(minimumHistoryDays >= 2 && minimumHistoryDays <= historyDays, "min_history_days", "at least 2 and at most history_days")
        try require(minimumRecentTasks > 0, "min_recent_tasks", "positive")
        try require(degradationDeviations.isFinite && degradationDeviations >= 0, "degradation_sigmas", "a finite, non-negative number")
        try require(criticalDegradationDeviations.isFinite && criticalDegradationDeviations >= degradationDeviations,
                    "critical_sigmas", "finite and at least degradation_sigmas")
        try require(costEfficiencyRatio > 0 && costEfficiencyRatio <= 1, "cost_ratio", "in (0, 1]")
        try require(criticalCostEfficiencyRatio > 0 && criticalCostEfficiencyRatio <= costEfficiencyRatio,
                    "critical_cost_ratio", "in (0, cost_ratio]")
        try require(minimumCostSamples > 0, "min_cost_samples", "positive")
        try require(driftTolerance.isFinite && driftTolerance > 0, "drift", "a finite, positive number")
        try require(criticalDriftTolerance.isFinite && criticalDriftTolerance >= driftTolerance,
                    "critical_drift", "finite and at least drift")
        try require(cooldownMs >= 0, "cooldown_seconds", "non-negative")
        try require(historyCapacity > 0, "history", "positive")
    }
}
