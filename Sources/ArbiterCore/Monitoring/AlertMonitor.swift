/// Watches executions as they arrive and judges the degradation and cost-efficiency rules on
/// what changed; judges adjustments and A/B verdicts when handed them.
///
/// Pure: the caller says what time it is, and numbers and stores the findings
/// (``AlertLog/admitted(_:nowMs:cooldownMs:)``).
public struct AlertMonitor: Sendable {
    public var thresholds: AlertThresholds
    public private(set) var calendar = OutcomeCalendar()
    /// The calendar holds no day before this: a full pass prunes only when the first day the
    /// rules read has moved on, once a day, not on every pass.
    private var prunedBefore = Int64.min

    public init(thresholds: AlertThresholds = AlertThresholds()) {
        self.thresholds = thresholds
    }

    /// The first day any rule looks at, as of `nowMs`.
    public func firstDay(nowMs: Int64) -> Int64 {
        OutcomeCalendar.day(ofMs: nowMs) - Int64(thresholds.recentDays + thresholds.historyDays) + 1
    }

    /// Counts an execution; one older than every window is ignored, and so is a retry: the
    /// rules judge first attempts, as the performance table holds them, so that a fleet
    /// starting to retry with a model does not read as that model degrading.
    public mutating func observe(_ e: TaskExecution, nowMs: Int64) {
        guard !e.isRetry, OutcomeCalendar.day(ofMs: e.timestampMs) >= firstDay(nowMs: nowMs) else { return }
        calendar.record(e)
    }

    /// Degradation and cost-efficiency findings for the series that changed since the last
    /// call, or for every series when `everything` (after a learning run, as days pass too).
    public mutating func executionFindings(nowMs: Int64, targets: ValuePerDollarTargets, everything: Bool = false) -> [Alert] {
        takePass(nowMs: nowMs, everything: everything).findings(targets: targets)
    }

    /// What one judging pass reads, taken now: the series that changed since the last pass (every
    /// series when `everything`, after pruning days older than every window). Judging it
    /// (``Pass/findings(targets:)``) needs no access to the monitor, so a full pass, which reads
    /// every series, can run while the monitor goes on counting: the pass holds a copy-on-write
    /// copy of the calendar.
    public mutating func takePass(nowMs: Int64, everything: Bool = false) -> Pass {
        let changes = calendar.takeChanges()
        // observe() admits nothing older than firstDay, so a prune holds until that day moves.
        let first = firstDay(nowMs: nowMs)
        if everything && first > prunedBefore {
            calendar.prune(before: first)
            prunedBefore = first
        }
        return Pass(
            calendar: calendar, thresholds: thresholds, today: OutcomeCalendar.day(ofMs: nowMs), everything: everything,
            changedTaskTypes: changes.taskTypes, changedModels: changes.models, overallChanged: changes.overall)
    }

    /// The series one pass judges, with the calendar as it was when the pass was taken.
    public struct Pass: Sendable {
        let calendar: OutcomeCalendar
        let thresholds: AlertThresholds
        let today: Int64
        /// Judge every series (listed when judged, not when taken), not only the changed ones.
        let everything: Bool
        let changedTaskTypes: [(key: OutcomeCalendar.Key, taskType: String)]
        let changedModels: [String]
        let overallChanged: Bool

        /// Degradation findings by (model, task type), then cost efficiency by model, then overall.
        public func findings(targets: ValuePerDollarTargets) -> [Alert] {
            let taskTypes = everything ? calendar.taskTypeNames : changedTaskTypes
            let models = everything ? calendar.modelNames : changedModels
            let overall = everything || overallChanged
            var findings: [Alert] = []
            for (key, _) in taskTypes.sorted(by: { ($0.key.model, $0.taskType) < ($1.key.model, $1.taskType) }) {
                guard let days = calendar.days(of: key) else { continue }
                if let finding = MonitoringRules.degradation(key, days: days, today: today, thresholds: thresholds) {
                    findings.append(finding)
                }
            }
            for model in models.sorted() {
                guard let days = calendar.days(ofModel: model) else { continue }
                if let finding = MonitoringRules.costEfficiency(
                    model: model, days: days, target: targets.target(for: model), today: today, thresholds: thresholds) {
                    findings.append(finding)
                }
            }
            if overall, let finding = MonitoringRules.costEfficiency(
                model: nil, days: calendar.overall, target: targets.global, today: today, thresholds: thresholds) {
                findings.append(finding)
            }
            return findings
        }
    }

    /// Adjustment-drift findings for a learning run's adjustments, by parameter name.
    public func driftFindings(_ factors: [(parameter: String, factor: Double)]) -> [Alert] {
        factors.compactMap { MonitoringRules.adjustmentDrift(parameter: $0.parameter, factor: $0.factor, thresholds: thresholds) }
    }

    /// Adjustment-drift findings for logged adjustments: the factor of a multiplier (token
    /// estimation, value scoring) is its adjusted value over its original one. Other types, such
    /// as cost-optimisation advice, hold no factor and are not judged.
    public func driftFindings(_ adjustments: [Adjustment]) -> [Alert] {
        driftFindings(adjustments.compactMap { adjustment in
            guard adjustment.parameterType.changesEstimation, adjustment.originalValue != 0 else { return nil }
            return (adjustment.parameterName, adjustment.adjustedValue / adjustment.originalValue)
        })
    }

    /// ab_significant findings for the A/B verdicts given.
    public static func verdictFindings(_ verdicts: [ABVerdictSummary]) -> [Alert] {
        verdicts.compactMap(MonitoringRules.abSignificant)
    }
}
