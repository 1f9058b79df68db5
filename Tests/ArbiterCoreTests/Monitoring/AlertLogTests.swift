import ArbiterCore
import Testing

@Suite struct AlertLogTests {
    func finding(_ subject: String, _ severity: AlertSeverity = .warning, kind: AlertKind = .degradation) -> Alert {
        Alert(kind: kind, severity: severity, subject: subject, model: "m", taskType: subject, measuredValue: 0.5, threshold: 0.8, message: "x")
    }

    @Test func coolDownHoldsUnlessSeverityRises() {
        var log = AlertLog()
        let day: Int64 = 86_400_000
        let first = log.admitted([finding("a"), finding("b"), finding("a")], nowMs: 1000, cooldownMs: day).alerts
        #expect(first.map(\.id) == [1, 2] && first.map(\.timeMs) == [1000, 1000])
        first.forEach { log.apply($0) }
        #expect(log.admitted([finding("a")], nowMs: 2000, cooldownMs: day).alerts.isEmpty)
        #expect(log.admitted([finding("a", .info)], nowMs: 2000, cooldownMs: day).alerts.isEmpty)
        let worse = log.admitted([finding("a", .critical)], nowMs: 2000, cooldownMs: day).alerts
        #expect(worse.map(\.id) == [3])
        worse.forEach { log.apply($0) }
        #expect(log.admitted([finding("a", .critical)], nowMs: 3000, cooldownMs: day).alerts.isEmpty)
        #expect(log.admitted([finding("a", .warning)], nowMs: 2000 + day, cooldownMs: day).alerts.map(\.id) == [4])
    }

    @Test func abVerdictsAlertOncePerTestEvenAfterPruning() {
        var log = AlertLog()
        let once = log.admitted([finding("t-1", .info, kind: .abSignificant)], nowMs: 0, cooldownMs: 10).alerts
        once.forEach { log.apply($0) }
        log.pruneConditions(nowMs: 1_000_000, cooldownMs: 10)
        log.apply(finding("x"))  // id 0: ignored, not newer than what is there
        #expect(log.admitted([finding("t-1", .info, kind: .abSignificant)], nowMs: 1_000_000, cooldownMs: 10).alerts.isEmpty)
        #expect(log.admitted([finding("t-2", .info, kind: .abSignificant)], nowMs: 1_000_000, cooldownMs: 10).alerts.count == 1)
        #expect(log.conditions.count == 1)
    }

    @Test func historyIsBoundedAndPagesById() {
        var log = AlertLog(capacity: 50)
        for id in 1...120 {
            var alert = finding("s\(id % 3)", id % 10 == 0 ? .critical : .warning, kind: id % 2 == 0 ? .degradation : .costEfficiency)
            alert.id = UInt64(id)
            alert.timeMs = Int64(id)
            log.apply(alert)
        }
        #expect(log.retained.count == 50 && log.retained.first?.id == 71 && log.newestID == 120)
        let first = log.page(AlertQuery(limit: 20))
        #expect(first.alerts.map(\.id) == Array(71...90) && first.more && first.oldestID == 71 && first.newestID == 120)
        let last = log.page(AlertQuery(sinceID: 110, limit: 20))
        #expect(last.alerts.map(\.id) == Array(111...120) && !last.more)
        #expect(log.page(AlertQuery(kinds: [.degradation], minimumSeverity: .critical)).alerts.map(\.id) == [80, 90, 100, 110, 120])
        #expect(log.page(AlertQuery(sinceTimeMs: 118)).alerts.map(\.id) == [118, 119, 120])
        #expect(log.page(AlertQuery(subject: "s1")).alerts.allSatisfy { $0.subject == "s1" })
        #expect(log.page(AlertQuery(limit: 5000)).alerts.count == 50)
    }

    @Test func calendarKeepsDaysInOrderWhateverTheArrivalOrder() {
        var calendar = OutcomeCalendar()
        for day: Int64 in [5, 3, 5, 9, 4, 3] {
            calendar.record(TaskExecution(priority: "P", domain: "d", complexity: "c", assignedModel: "m", success: day == 3,
                                          valueDelivered: 10, timestampMs: day * OutcomeCalendar.dayMs + 7))
        }
        let days = calendar.days(ofModel: "m") ?? []
        #expect(days.map(\.day) == [3, 4, 5, 9] && days.map(\.tasks) == [2, 1, 2, 1] && days.first?.successes == 2)
        #expect(days.allSatisfy { $0.valuePerDollarCount == 0 })  // no cost: no value per dollar
        #expect(OutcomeCalendar.day(ofMs: -1) == -1)
        calendar.prune(before: 5)
        #expect(calendar.overall.map(\.day) == [5, 9])
        #expect(calendar.taskTypeNames.map(\.taskType) == ["P_d_c"] && calendar.days(ofModel: "m")?.map(\.day) == [5, 9])
        calendar.prune(before: 10)  // every series left empty is dropped
        #expect(calendar.taskTypeNames.isEmpty && calendar.days(ofModel: "m") == nil && calendar.seriesCount == 0)
    }
}
