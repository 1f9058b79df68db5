/// The alerts raised so far: a bounded history, oldest dropped first, and the
/// cool-down state of every condition that alerted.
///
/// Both are durable (the server logs each alert and snapshots the history and
/// the conditions), so a restart neither forgets nor repeats an alert.
public struct AlertLog: Sendable {
    /// Oldest first, ids increasing; at most ``capacity``.
    public private(set) var alerts: [Alert] = []
    public let capacity: Int
    /// The newest id raised, kept even after its alert left the history.
    public private(set) var newestID: UInt64 = 0
    public private(set) var conditions: [AlertConditionKey: AlertCondition] = [:]

    public init(capacity: Int = AlertThresholds().historyCapacity) {
        precondition(capacity > 0, "an alert history holds at least one alert")
        self.capacity = capacity
    }

    /// Adds a raised (or replayed) alert; an id already seen changes nothing.
    public mutating func apply(_ alert: Alert) {
        guard alert.id > newestID else { return }
        newestID = alert.id
        alerts.append(alert)
        // Dropped in slices of a sixteenth, so a full history does not shift every element on each
        // alert; ``retained`` hides the slack.
        if alerts.count > capacity + capacity / 16 {
            alerts.removeFirst(alerts.count - capacity)
        }
        apply(AlertCondition(key: alert.condition, severity: alert.severity, timeMs: alert.timeMs))
    }

    /// Restores a condition's cool-down from a snapshot; a later alert of the condition wins.
    public mutating func apply(_ condition: AlertCondition) {
        if let known = conditions[condition.key], known.timeMs > condition.timeMs { return }
        conditions[condition.key] = condition
    }

    /// The alerts kept, oldest first: at most ``capacity``.
    public var retained: ArraySlice<Alert> { alerts.suffix(capacity) }

    /// Whether `finding` may alert at `nowMs`: its condition never alerted, its last alert is at
    /// least `cooldownMs` old, or it got worse by a severity level. An A/B verdict alerts once per test.
    public func admits(_ finding: Alert, nowMs: Int64, cooldownMs: Int64) -> Bool {
        guard let last = conditions[finding.condition] else { return true }
        if finding.kind == .abSignificant { return false }
        return finding.severity > last.severity || nowMs - last.timeMs >= cooldownMs
    }

    /// Most alerts of one kind a judging pass raises one by one: beyond it, the worst of them and
    /// a summary counting the rest, so one learning run over thousands of labels, or thousands of
    /// task types degrading at once, does not flood the stream and push the history out.
    public static let maximumPerKind = 100
    /// The subject of a summary alert (no parameter, model, task type or test is named so).
    public static let summarySubject = "(more)"

    /// What one judging pass raises: the findings that pass their cool-down, at most
    /// ``maximumPerKind`` of a kind one by one and a summary for the rest, and the conditions of
    /// the summarised findings, which cool down as if each had alerted.
    public struct Admission: Sendable, Hashable {
        public var alerts: [Alert] = []
        public var summarised: [AlertCondition] = []
    }

    /// The findings that pass their cool-down, as alerts numbered after ``newestID`` and timed
    /// `nowMs`. Of a kind with more than ``maximumPerKind``, the worst are kept (by severity, then
    /// by how far the figure is past its threshold, relative to it), in their order, and a summary
    /// alert of the kind follows them: its measured value is the number summarised, its
    /// severity the highest among them.
    public func admitted(_ findings: [Alert], nowMs: Int64, cooldownMs: Int64) -> Admission {
        var seen = Set<AlertConditionKey>()
        let passing = findings.filter { seen.insert($0.condition).inserted && admits($0, nowMs: nowMs, cooldownMs: cooldownMs) }
        var admission = Admission()
        var kept = passing
        for kind in AlertKind.allCases {
            let ofKind = passing.indices.filter { passing[$0].kind == kind }
            guard ofKind.count > Self.maximumPerKind else { continue }
            let worst = Set(ofKind.sorted { i, j in  // ties: the earlier
                Self.isWorse(passing[i], than: passing[j]) || (!Self.isWorse(passing[j], than: passing[i]) && i < j)
            }.prefix(Self.maximumPerKind))
            let rest = ofKind.filter { !worst.contains($0) }.map { passing[$0] }
            admission.summarised += rest.map { AlertCondition(key: $0.condition, severity: $0.severity, timeMs: nowMs) }
            let dropped = Set(rest.map(\.condition))
            kept = kept.filter { !dropped.contains($0.condition) }
            let severity = rest.map(\.severity).max() ?? .info
            let critical = rest.count { $0.severity == .critical }
            kept.append(Alert(
                kind: kind, severity: severity, subject: Self.summarySubject, measuredValue: Double(rest.count),
                threshold: Double(Self.maximumPerKind),
                message: """
                    \(rest.count) more \(kind.name) alerts (\(critical) critical) in this pass, not sent one by one: \
                    only the \(Self.maximumPerKind) worst were; each cools down as if it had alerted
                    """))
        }
        var next = newestID
        admission.alerts = kept.map { finding in
            next += 1
            var alert = finding
            alert.id = next
            alert.timeMs = nowMs
            return alert
        }
        return admission
    }

    private static func isWorse(_ a: Alert, than b: Alert) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        func past(_ alert: Alert) -> Double { abs(alert.measuredValue - alert.threshold) / max(abs(alert.threshold), .leastNormalMagnitude) }
        return past(a) > past(b)
    }

    /// Forgets conditions whose cool-down is over; A/B verdicts are kept, as they alert once per test.
    public mutating func pruneConditions(nowMs: Int64, cooldownMs: Int64) {
        conditions = conditions.filter { $0.key.kind == .abSignificant || nowMs - $0.value.timeMs < cooldownMs }
    }

    /// One page of the history, oldest first.
    public func page(_ query: AlertQuery) -> AlertPage {
        let kept = retained
        var page = AlertPage(oldestID: kept.first?.id ?? 0, newestID: newestID)
        let limit = query.effectiveLimit
        // Ids increase along the history: start after since_id by binary search.
        var low = kept.startIndex
        var high = kept.endIndex
        while low < high {
            let middle = (low + high) / 2
            if kept[middle].id <= query.sinceID { low = middle + 1 } else { high = middle }
        }
        for alert in kept[low...] where query.matches(alert) {
            if page.alerts.count == limit {
                page.more = true
                break
            }
            page.alerts.append(alert)
        }
        return page
    }
}

/// Which alerts `list_alerts` returns.
public struct AlertQuery: Sendable, Hashable {
    /// Any of these kinds; empty means every kind.
    public var kinds: Set<AlertKind> = []
    /// At least this severity; nil means every severity.
    public var minimumSeverity: AlertSeverity?
    /// Only ids greater than this.
    public var sinceID: UInt64 = 0
    /// Only alerts raised at or after this Unix millisecond.
    public var sinceTimeMs: Int64 = 0
    /// Only alerts whose subject, model or task type equals this; empty matches all.
    public var subject: String = ""
    /// Most alerts per page; 0 means ``defaultLimit``, more than ``maximumLimit`` is cut to it.
    public var limit: Int = 0

    public static let defaultLimit = 100
    public static let maximumLimit = 1000

    public init(
        kinds: Set<AlertKind> = [], minimumSeverity: AlertSeverity? = nil, sinceID: UInt64 = 0,
        sinceTimeMs: Int64 = 0, subject: String = "", limit: Int = 0
    ) {
        self.kinds = kinds
        self.minimumSeverity = minimumSeverity
        self.sinceID = sinceID
        self.sinceTimeMs = sinceTimeMs
        self.subject = subject
        self.limit = limit
    }

    var effectiveLimit: Int { limit <= 0 ? Self.defaultLimit : min(limit, Self.maximumLimit) }

    public func matches(_ alert: Alert) -> Bool {
        alert.id > sinceID
            && alert.timeMs >= sinceTimeMs
            && (kinds.isEmpty || kinds.contains(alert.kind))
            && (minimumSeverity.map { alert.severity >= $0 } ?? true)
            && (subject.isEmpty || alert.subject == subject || alert.model == subject || alert.taskType == subject)
    }
}

/// One page of `list_alerts`.
public struct AlertPage: Sendable, Hashable {
    /// Oldest first.
    public var alerts: [Alert] = []
    /// More alerts match: ask again from the last id returned.
    public var more = false
    /// The oldest alert kept (0 when none); alerts before it were dropped from the history.
    public var oldestID: UInt64 = 0
    /// The newest alert raised (0 when none).
    public var newestID: UInt64 = 0

    public init(alerts: [Alert] = [], more: Bool = false, oldestID: UInt64 = 0, newestID: UInt64 = 0) {
        self.alerts = alerts
        self.more = more
        self.oldestID = oldestID
        self.newestID = newestID
    }
}
