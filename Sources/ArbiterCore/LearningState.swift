/// Everything the server learns from: the stored executions and the performance they add up to,
/// and the adjustments the learning batch logged.
public struct LearningState: Sendable {
    public private(set) var executions = ExecutionStore()
    /// What first attempts showed: what ranking a fresh task, reports, savings and alerts read.
    public private(set) var performance: PerformanceTable
    /// What retries showed (`TaskExecution.isRetry`): what ranking a retry reads
    /// (`RankingRequest.failedModels`). A model asked to retry gets the tasks another model
    /// could not do, so its record there would drag down its first-attempt figures, and theirs
    /// would flatter it here.
    public private(set) var retryPerformance: PerformanceTable
    public private(set) var adjustments = AdjustmentLog()
    /// The alerts raised: a bounded history and each condition's cool-down.
    public private(set) var alerts: AlertLog
    /// The report of the latest learning run that was not a dry run, without its history
    /// (which is read from `adjustments` when the report is served).
    public private(set) var latestReport: LearningReport?

    /// - Parameters:
    ///   - alpha: The weight of each new execution in the running estimates.
    ///   - alertCapacity: Alerts kept in the history.
    public init(alpha: Double = 0.1, alertCapacity: Int = AlertThresholds().historyCapacity) {
        performance = PerformanceTable(alpha: alpha)
        retryPerformance = PerformanceTable(alpha: alpha)
        alerts = AlertLog(capacity: alertCapacity)
    }

    /// Records one execution.
    ///
    /// The caller has validated `e` and filled in its execution id and timestamp.
    /// - Returns: False when the execution id was already stored; nothing changed then.
    @discardableResult
    public mutating func apply(_ e: TaskExecution) -> Bool {
        guard executions.insert(e).inserted else { return false }
        if e.isRetry {
            retryPerformance.apply(e)
        } else {
            performance.apply(e)
        }
        return true
    }

    /// The table `query` reads: retries' or first attempts'.
    public func performance(for query: PerformanceQuery) -> PerformanceTable {
        query.retries ? retryPerformance : performance
    }

    /// Logs an adjustment, or replaces the one with its id (a status change, a replay).
    public mutating func record(_ adjustment: Adjustment) {
        adjustments.record(adjustment)
    }

    /// Keeps `report` as the latest run's, dropping its history.
    public mutating func record(latest report: LearningReport) {
        var report = report
        report.history = []
        latestReport = report
    }

    /// Makes room for `n` executions; see `ExecutionStore.reserveCapacity(_:textBytes:)`.
    public mutating func reserveCapacity(_ n: Int, textBytes: Int = 0) {
        executions.reserveCapacity(n, textBytes: textBytes)
    }

    /// Records a raised (or replayed) alert.
    public mutating func apply(_ alert: Alert) {
        alerts.apply(alert)
    }

    /// Restores an alert condition's cool-down (from a snapshot).
    public mutating func apply(_ condition: AlertCondition) {
        alerts.apply(condition)
    }

    /// Forgets alert conditions whose cool-down is over.
    public mutating func pruneAlertConditions(nowMs: Int64, cooldownMs: Int64) {
        alerts.pruneConditions(nowMs: nowMs, cooldownMs: cooldownMs)
    }
}
