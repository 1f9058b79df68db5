/// Watches executions as they arrive and judges the degradation and cost-efficiency rules on
/// what changed; judges adjustments and A/B verdicts when handed them.
///
/// Pure: the caller says what time it is, and numbers and stores the findings
/// (``AlertLog/admitted(_:nowMs:cooldownMs:)``).
public struct AlertMonitor: Sendable {
    public var thresholds: AlertThresholds
    public private(set) var calendar = OutcomeCalendar()

    public init(thresholds: AlertThresholds = AlertThresholds()) {
        self.thresholds = thresholds
    }

    /// The first day any rule looks at, as of `nowMs`.
    public func firstDay(nowMs: Int64) -> Int64 {
        OutcomeCalendar.day(ofMs: nowMs) - Int64(thresholds.recentDays + thresholds.historyDays) + 1
    }

    /// Counts an execution; one older than every window is ignored.
    public mutating func observe(_ e: TaskExecution, nowMs: Int64) {
        guard OutcomeCalendar.day(ofMs: e.timestampMs) >= firstDay(nowMs: nowMs) else { return }
        calendar.record(e)
    }

    /// Degradation and cost-efficiency findings for the series that changed since the last
    /// call, or for every series when `everything` (after a learning run, as days pass too).
    public mutating func executionFindings(nowMs: Int64, targets: ValuePerDollarTargets, everything: Bool = false) -> [Alert] {
        let today = OutcomeCalendar.day(ofMs: nowMs)
        let changes = calendar.takeChanges()
        if everything { calendar.prune(before: firstDay(nowMs: nowMs)) }
        var findings: [Alert] = []
        let taskTypes = everything ? calendar.taskTypeNames : changes.taskTypes
        for (key, _) in taskTypes.sorted(by: { ($0.key.model, $0.taskType) < ($1.key.model, $1.taskType) }) {
            guard let days = calendar.days(of: key) else { continue }
            if let finding = MonitoringRules.degradation(key, days: days, today: today, thresholds: thresholds) {
                findings.append(finding)
            }
        }
        let models = everything ? calendar.modelNames : changes.models
        for model in models.sorted() {
            guard let days = calendar.days(ofModel: model) else { continue }
            if let finding = MonitoringRules.costEfficiency(
                model: model, days: days, target: targets.target(for: model), today: today, thresholds: thresholds) {
                findings.append(finding)
            }
        }
        if everything || changes.overall, let finding = MonitoringRules.costEfficiency(
            model: nil, days: calendar.overall, target: targets.global, today: today, thresholds: thresholds) {
            findings.append(finding)
        }
        return findings
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
    public func verdictFindings(_ verdicts: [ABVerdictSummary]) -> [Alert] {
        verdicts.compactMap(MonitoringRules.abSignificant)
    }
}
