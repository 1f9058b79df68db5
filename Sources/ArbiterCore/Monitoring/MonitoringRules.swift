/// The design seed's four monitoring rules, as pure functions from figures to findings.
///
/// A finding is an ``Alert`` without id and time; ``AlertLog/admitted(_:nowMs:cooldownMs:)``
/// numbers the ones that pass their cool-down.
public enum MonitoringRules {
    /// Degradation of one (model, task type): the success rate over the recent window (the last
    /// `recentDays` UTC days, today included) below the mean minus `degradationDeviations` sample
    /// standard deviations of the daily success rates over the `historyDays` before it.
    ///
    /// Judged only with at least `minimumHistoryDays` days of history and `minimumRecentTasks`
    /// executions in the recent window. Critical below `criticalDegradationDeviations`.
    public static func degradation(
        _ key: OutcomeCalendar.Key, days: [OutcomeCalendar.Day], today: Int64, thresholds: AlertThresholds
    ) -> Alert? {
        let recentStart = today - Int64(thresholds.recentDays) + 1
        let historyStart = recentStart - Int64(thresholds.historyDays)
        var recentTasks = 0
        var recentSuccesses = 0
        var rates: [Double] = []
        for day in days where day.day >= historyStart && day.day <= today && day.tasks > 0 {
            if day.day >= recentStart {
                recentTasks += day.tasks
                recentSuccesses += day.successes
            } else {
                rates.append(Double(day.successes) / Double(day.tasks))
            }
        }
        guard recentTasks >= thresholds.minimumRecentTasks, rates.count >= thresholds.minimumHistoryDays else { return nil }
        let mean = rates.reduce(0, +) / Double(rates.count)
        let variance = rates.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(rates.count - 1)
        let deviation = variance.squareRoot()
        let recent = Double(recentSuccesses) / Double(recentTasks)
        let threshold = mean - thresholds.degradationDeviations * deviation
        guard recent < threshold else { return nil }
        let critical = recent < mean - thresholds.criticalDegradationDeviations * deviation
        return Alert(
            kind: .degradation, severity: critical ? .critical : .warning,
            subject: "\(key.model)/\(key.taskType)", model: key.model, taskType: key.taskType,
            measuredValue: recent, threshold: threshold,
            message: """
                \(key.model) on \(key.taskType): success rate \(percent(recent)) over the last \(thresholds.recentDays) days \
                (\(recentTasks) tasks) is below \(percent(threshold)), the mean \(percent(mean)) minus \
                \(number(thresholds.degradationDeviations)) standard deviations (\(percent(deviation))) of \(rates.count) daily rates before
                """)
    }

    /// Cost efficiency of one model (`model` non-nil) or of all executions: value per dollar over
    /// the recent window below `costEfficiencyRatio` of `target`. Judged with at least
    /// `minimumCostSamples` executions having a value and a positive cost; critical below
    /// `criticalCostEfficiencyRatio`.
    public static func costEfficiency(
        model: String?, days: [OutcomeCalendar.Day], target: Double, today: Int64, thresholds: AlertThresholds
    ) -> Alert? {
        guard target.isFinite, target > 0 else { return nil }
        let recentStart = today - Int64(thresholds.recentDays) + 1
        var sum = 0.0
        var count = 0
        for day in days where day.day >= recentStart && day.day <= today {
            sum += day.valuePerDollarSum
            count += day.valuePerDollarCount
        }
        guard count >= thresholds.minimumCostSamples else { return nil }
        let measured = sum / Double(count)
        let threshold = target * thresholds.costEfficiencyRatio
        guard measured < threshold else { return nil }
        let critical = measured < target * thresholds.criticalCostEfficiencyRatio
        let who = model ?? "all models"
        return Alert(
            kind: .costEfficiency, severity: critical ? .critical : .warning,
            subject: model ?? "global", model: model ?? "",
            measuredValue: measured, threshold: threshold,
            message: """
                \(who): value per dollar \(number(measured)) over the last \(thresholds.recentDays) days (\(count) tasks) \
                is below \(number(threshold)), \(percent(thresholds.costEfficiencyRatio)) of the target \(number(target))
                """)
    }

    /// Adjustment drift: a learned factor further than `driftTolerance` from 1; critical further
    /// than `criticalDriftTolerance`. The threshold reported is the bound crossed.
    public static func adjustmentDrift(parameter: String, factor: Double, thresholds: AlertThresholds) -> Alert? {
        guard factor.isFinite else { return nil }
        let distance = abs(factor - 1)
        guard distance > thresholds.driftTolerance else { return nil }
        let critical = distance > thresholds.criticalDriftTolerance
        let bound = factor > 1 ? 1 + thresholds.driftTolerance : 1 - thresholds.driftTolerance
        return Alert(
            kind: .adjustmentDrift, severity: critical ? .critical : .warning, subject: parameter,
            measuredValue: factor, threshold: bound,
            message: "large adjustment: \(parameter) factor \(number(factor)) is more than \(number(thresholds.driftTolerance)) from 1")
    }

    /// An A/B test that reached a verdict: significant, with both groups at their minimum sample
    /// size. Info for a winner; a warning when the better group failed a guardrail.
    public static func abSignificant(_ verdict: ABVerdictSummary) -> Alert? {
        guard verdict.significant, verdict.controlSamples >= verdict.minimumSamples,
              verdict.treatmentSamples >= verdict.minimumSamples else { return nil }
        let winner =
            verdict.winner.isEmpty ? "no winner"
            : verdict.guardrailFailed ? "\(verdict.winner) better but failing a guardrail" : "winner \(verdict.winner)"
        return Alert(
            kind: .abSignificant, severity: verdict.guardrailFailed ? .warning : .info, subject: verdict.testID,
            measuredValue: verdict.pValue, threshold: verdict.alpha,
            message: """
                A/B test \(verdict.testID) is significant: \(winner), p = \(number(verdict.pValue)) < \(number(verdict.alpha)) \
                with \(verdict.controlSamples) control and \(verdict.treatmentSamples) treatment samples
                """)
    }

    static func percent(_ value: Double) -> String {
        let tenths = (value * 1000).rounded() / 10
        return "\(tenths)%"
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 1000).rounded() / 1000
        return rounded == rounded.rounded() && abs(rounded) < 1e15 ? "\(Int64(rounded))" : "\(rounded)"
    }
}

/// What the ab_significant rule needs of an A/B test's verdict.
public struct ABVerdictSummary: Sendable, Hashable {
    public var testID: String
    public var significant: Bool
    public var pValue: Double
    public var alpha: Double
    public var winner: String
    public var controlSamples: Int
    public var treatmentSamples: Int
    public var minimumSamples: Int
    /// The better group's quality or success rate is significantly worse: flagged, not a winner.
    public var guardrailFailed: Bool

    public init(
        testID: String, significant: Bool, pValue: Double, alpha: Double = 0.05, winner: String,
        controlSamples: Int, treatmentSamples: Int, minimumSamples: Int, guardrailFailed: Bool = false
    ) {
        self.testID = testID
        self.significant = significant
        self.pValue = pValue
        self.alpha = alpha
        self.winner = winner
        self.controlSamples = controlSamples
        self.treatmentSamples = treatmentSamples
        self.minimumSamples = minimumSamples
        self.guardrailFailed = guardrailFailed
    }
}
