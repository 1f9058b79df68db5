import ArbiterCore
import Testing

/// The four rules on synthetic figures, each on both sides of its threshold.
@Suite struct MonitoringRulesTests {
    let key = OutcomeCalendar.Key(model: "m", priority: "P1", domain: "backend", complexity: "medium")
    let today: Int64 = 20_000
    let thresholds = AlertThresholds()

    /// History days -20 ... -11 with these success rates (20 tasks a day), then `recent` on today.
    func days(_ rates: [Double], recent: (tasks: Int, successes: Int)) -> [OutcomeCalendar.Day] {
        var days = rates.enumerated().map { index, rate in
            OutcomeCalendar.Day(day: today - 20 + Int64(index), tasks: 20, successes: Int((rate * 20).rounded()))
        }
        days.append(OutcomeCalendar.Day(day: today, tasks: recent.tasks, successes: recent.successes))
        return days
    }

    static let rates = [0.9, 0.85, 0.95, 0.9, 0.8, 0.9, 0.95, 0.85, 0.9, 0.9]
    // Mean 0.89, sample standard deviation sqrt(0.019 / 9): warning below 0.798, critical below 0.752.
    static let mean = 0.89
    static let deviation = (0.019 / 9.0).squareRoot()

    @Test func degradationAlertsBelowMeanMinusTwoDeviationsOnly() throws {
        let warning = try #require(MonitoringRules.degradation(key, days: days(Self.rates, recent: (40, 31)), today: today, thresholds: thresholds))
        #expect(warning.kind == .degradation && warning.severity == .warning)
        #expect(warning.subject == "m/P1_backend_medium" && warning.model == "m" && warning.taskType == "P1_backend_medium")
        #expect(warning.measuredValue == 31.0 / 40)
        #expect(abs(warning.threshold - (Self.mean - 2 * Self.deviation)) < 1e-12)
        // 32/40 = 0.8 is not below 0.798.
        #expect(MonitoringRules.degradation(key, days: days(Self.rates, recent: (40, 32)), today: today, thresholds: thresholds) == nil)
        // 30/40 = 0.75 is below 0.752: critical.
        #expect(MonitoringRules.degradation(key, days: days(Self.rates, recent: (40, 30)), today: today, thresholds: thresholds)?.severity == .critical)
    }

    @Test func degradationNeedsFiveHistoryDaysAndEnoughRecentTasks() {
        #expect(MonitoringRules.degradation(key, days: days(Array(Self.rates.prefix(4)), recent: (40, 0)), today: today, thresholds: thresholds) == nil)
        #expect(MonitoringRules.degradation(key, days: days(Array(Self.rates.prefix(5)), recent: (40, 0)), today: today, thresholds: thresholds) != nil)
        #expect(MonitoringRules.degradation(key, days: days(Self.rates, recent: (9, 0)), today: today, thresholds: thresholds) == nil)
        #expect(MonitoringRules.degradation(key, days: days(Self.rates, recent: (10, 0)), today: today, thresholds: thresholds) != nil)
    }

    @Test func degradationWindowsAreWholeUTCDays() {
        var recentOnly = days(Self.rates, recent: (40, 0))
        // Day -6 is in the recent window, day -7 in the history.
        recentOnly[recentOnly.count - 1].day = today - 6
        #expect(MonitoringRules.degradation(key, days: recentOnly, today: today, thresholds: thresholds) != nil)
        recentOnly[recentOnly.count - 1].day = today - 7
        #expect(MonitoringRules.degradation(key, days: recentOnly, today: today, thresholds: thresholds) == nil)
        // History older than 30 days before the recent window is ignored: days -46 ... -37 leave none.
        let old = recentOnly.map { day -> OutcomeCalendar.Day in
            var day = day
            day.day -= 26
            return day
        } + [OutcomeCalendar.Day(day: today, tasks: 40, successes: 0)]
        #expect(MonitoringRules.degradation(key, days: old, today: today, thresholds: thresholds) == nil)
    }

    @Test func costEfficiencyAlertsBelowEightyPercentOfTarget() throws {
        func day(_ perDollar: Double, _ count: Int, on offset: Int64 = 0) -> OutcomeCalendar.Day {
            OutcomeCalendar.Day(day: today - offset, tasks: count, successes: count, valuePerDollarSum: perDollar * Double(count), valuePerDollarCount: count)
        }
        let warning = try #require(MonitoringRules.costEfficiency(model: "m", days: [day(79.9, 10)], target: 100, today: today, thresholds: thresholds))
        #expect(warning.severity == .warning && warning.subject == "m" && warning.threshold == 80 && abs(warning.measuredValue - 79.9) < 1e-9)
        #expect(MonitoringRules.costEfficiency(model: "m", days: [day(80, 10)], target: 100, today: today, thresholds: thresholds) == nil)
        #expect(MonitoringRules.costEfficiency(model: nil, days: [day(49, 10)], target: 100, today: today, thresholds: thresholds)?.severity == .critical)
        #expect(MonitoringRules.costEfficiency(model: nil, days: [day(49, 10)], target: 100, today: today, thresholds: thresholds)?.subject == "global")
        // Too few samples, outside the window, or no target: not judged.
        #expect(MonitoringRules.costEfficiency(model: "m", days: [day(1, 9)], target: 100, today: today, thresholds: thresholds) == nil)
        #expect(MonitoringRules.costEfficiency(model: "m", days: [day(1, 10, on: 7)], target: 100, today: today, thresholds: thresholds) == nil)
        #expect(MonitoringRules.costEfficiency(model: "m", days: [day(1, 10)], target: 0, today: today, thresholds: thresholds) == nil)
    }

    @Test func adjustmentDriftBeyondHalfFromOne() {
        #expect(MonitoringRules.adjustmentDrift(parameter: "p", factor: 1.5, thresholds: thresholds) == nil)
        #expect(MonitoringRules.adjustmentDrift(parameter: "p", factor: 0.5, thresholds: thresholds) == nil)
        let up = MonitoringRules.adjustmentDrift(parameter: "token_estimate_input_complex", factor: 1.51, thresholds: thresholds)
        #expect(up?.severity == .warning && up?.threshold == 1.5 && up?.subject == "token_estimate_input_complex")
        #expect(MonitoringRules.adjustmentDrift(parameter: "p", factor: 0.49, thresholds: thresholds)?.threshold == 0.5)
        #expect(MonitoringRules.adjustmentDrift(parameter: "p", factor: 2.01, thresholds: thresholds)?.severity == .critical)
        #expect(MonitoringRules.adjustmentDrift(parameter: "p", factor: .nan, thresholds: thresholds) == nil)
    }

    @Test func abSignificantNeedsSignificanceAndBothGroupsAtMinimum() {
        let verdict = ABVerdictSummary(testID: "t-1", significant: true, pValue: 0.01, winner: "treatment",
                                       controlSamples: 30, treatmentSamples: 30, minimumSamples: 30)
        #expect(MonitoringRules.abSignificant(verdict)?.severity == .info)
        #expect(MonitoringRules.abSignificant(verdict)?.subject == "t-1")
        var short = verdict
        short.treatmentSamples = 29
        #expect(MonitoringRules.abSignificant(short) == nil)
        var insignificant = verdict
        insignificant.significant = false
        #expect(MonitoringRules.abSignificant(insignificant) == nil)
    }

    @Test func monitorJudgesOnlyWhatChanged() {
        var monitor = AlertMonitor()
        let nowMs = (today * OutcomeCalendar.dayMs) + 3_600_000
        func execution(_ taskType: (String, String), day: Int64, success: Bool) -> TaskExecution {
            TaskExecution(priority: "P1", domain: taskType.0, complexity: taskType.1, assignedModel: "m",
                          success: success, timestampMs: day * OutcomeCalendar.dayMs + 1000)
        }
        for (index, rate) in Self.rates.enumerated() {
            for task in 0..<20 {
                monitor.observe(execution(("backend", "medium"), day: today - 20 + Int64(index), success: Double(task) < rate * 20 - 0.5), nowMs: nowMs)
            }
        }
        for _ in 0..<20 { monitor.observe(execution(("backend", "medium"), day: today, success: false), nowMs: nowMs) }
        // Older than every window: ignored.
        monitor.observe(execution(("backend", "medium"), day: today - 40, success: false), nowMs: nowMs)
        #expect(monitor.calendar.days(of: key)?.first?.day == today - 20)
        let targets = ValuePerDollarTargets()
        #expect(monitor.executionFindings(nowMs: nowMs, targets: targets).map(\.subject) == ["m/P1_backend_medium"])
        #expect(monitor.executionFindings(nowMs: nowMs, targets: targets).isEmpty)
        #expect(monitor.executionFindings(nowMs: nowMs, targets: targets, everything: true).count == 1)
        #expect(monitor.driftFindings([("a", 1.2), ("b", 3)]).map(\.subject) == ["b"])
    }

    /// A pass judges the calendar as it was when taken, whatever the monitor counts afterwards;
    /// full passes prune days that left every window, once the first day read has moved on.
    @Test func aPassIsASnapshotAndFullPassesPrune() {
        var monitor = AlertMonitor()
        let nowMs = (today * OutcomeCalendar.dayMs) + 3_600_000
        func observe(day: Int64, success: Bool, at nowMs: Int64) {
            monitor.observe(TaskExecution(priority: "P1", domain: "backend", complexity: "medium", assignedModel: "m",
                                          success: success, timestampMs: day * OutcomeCalendar.dayMs + 1000), nowMs: nowMs)
        }
        for (index, rate) in Self.rates.enumerated() {
            for task in 0..<20 { observe(day: today - 20 + Int64(index), success: Double(task) < rate * 20 - 0.5, at: nowMs) }
        }
        for _ in 0..<20 { observe(day: today, success: false, at: nowMs) }
        let pass = monitor.takePass(nowMs: nowMs, everything: true)
        // Today turns good after the pass was taken: the pass still sees the bad day.
        for _ in 0..<500 { observe(day: today, success: true, at: nowMs) }
        #expect(pass.findings(targets: ValuePerDollarTargets()).map(\.subject) == ["m/P1_backend_medium"])
        #expect(monitor.executionFindings(nowMs: nowMs, targets: ValuePerDollarTargets(), everything: true).isEmpty)

        // Forty days on, every day has left the windows: the next full pass drops the series.
        let later = nowMs + 40 * OutcomeCalendar.dayMs
        #expect(monitor.calendar.seriesCount > 0)
        _ = monitor.takePass(nowMs: later, everything: true)
        #expect(monitor.calendar.seriesCount == 0 && monitor.calendar.days(of: key) == nil)
        // An incremental pass never prunes.
        observe(day: today + 40, success: true, at: later)
        _ = monitor.takePass(nowMs: later + 60 * OutcomeCalendar.dayMs)
        #expect(monitor.calendar.seriesCount > 0)
    }

    /// Findings come in the order of the task type names the alerts carry, not of the labels:
    /// `P1A_…` sorts before `P1_…` ('A' before '_'), though `P1` sorts before `P1A`.
    @Test func degradationFindingsAreOrderedByModelAndTaskTypeName() {
        var monitor = AlertMonitor()
        let nowMs = (today * OutcomeCalendar.dayMs) + 3_600_000
        for priority in ["P1", "P1A"] {
            for (index, rate) in Self.rates.enumerated() {
                for task in 0..<20 {
                    monitor.observe(TaskExecution(priority: priority, domain: "backend", complexity: "medium", assignedModel: "m",
                                                  success: Double(task) < rate * 20 - 0.5,
                                                  timestampMs: (today - 20 + Int64(index)) * OutcomeCalendar.dayMs + 1000), nowMs: nowMs)
                }
            }
            for _ in 0..<20 {
                monitor.observe(TaskExecution(priority: priority, domain: "backend", complexity: "medium", assignedModel: "m",
                                              success: false, timestampMs: today * OutcomeCalendar.dayMs + 1000), nowMs: nowMs)
            }
        }
        let findings = monitor.executionFindings(nowMs: nowMs, targets: ValuePerDollarTargets())
        #expect(findings.map(\.subject) == ["m/P1A_backend_medium", "m/P1_backend_medium"])
        #expect(findings.map(\.taskType) == ["P1A_backend_medium", "P1_backend_medium"])
    }
}
