public import ArbiterCore
import CArbiterProto
import CProtobufC

/// `Alert`, `AlertQuery`, `AlertPage` and `AlertCondition` ⇔ `proto/arbiter/v1/alerts.proto`.
extension WireCodec {
    // MARK: - Single messages (the PUB stream, the write-ahead log and snapshots)

    /// An `arbiter.v1.Alert`: the second frame on the alert stream, and the payload of its durable record.
    public static func encode(_ alert: Alert) -> [UInt8] {
        ProtobufArena.withThreadArena { arena in
            pack(makeAlert(alert, in: arena), arbiter__v1__alert__get_packed_size, arbiter__v1__alert__pack)
        }
    }

    /// Throws MALFORMED_REQUEST for undecodable bytes; INVALID_ARGUMENT naming the field for a string
    /// that is not UTF-8 or a kind or severity this build does not know.
    public static func decodeAlert(_ bytes: UnsafeRawBufferPointer) throws(ArbiterError) -> Alert {
        try ProtobufArena.withThreadArena { arena throws(ArbiterError) in
            let message = try unpack(bytes, "alert (arbiter.v1.Alert)", in: arena, arbiter__v1__alert__unpack)
            return try alert(from: message)
        }
    }

    public static func decodeAlert(_ bytes: [UInt8]) throws(ArbiterError) -> Alert {
        try bytes.withUnsafeBytes { raw in Result { () throws(ArbiterError) in try decodeAlert(raw) } }.get()
    }

    /// An `arbiter.v1.AlertCondition`: the durable record of a condition's cool-down.
    public static func encode(_ condition: AlertCondition) -> [UInt8] {
        ProtobufArena.withThreadArena { arena in
            let message = arena.make(arbiter__v1__alert_condition__init)
            message.pointee.kind = cKind(condition.key.kind)
            arena.set(&message.pointee.subject, to: condition.key.subject)
            message.pointee.severity = cSeverity(condition.severity)
            message.pointee.time_ms = condition.timeMs
            return pack(message, arbiter__v1__alert_condition__get_packed_size, arbiter__v1__alert_condition__pack)
        }
    }

    public static func decodeAlertCondition(_ bytes: UnsafeRawBufferPointer) throws(ArbiterError) -> AlertCondition {
        try ProtobufArena.withThreadArena { arena throws(ArbiterError) in
            let message = try unpack(bytes, "alert condition (arbiter.v1.AlertCondition)", in: arena, arbiter__v1__alert_condition__unpack)
            let m = message.pointee
            return AlertCondition(
                key: AlertConditionKey(kind: try kind(m.kind, field: "kind"), subject: try string(m.subject, field: "subject")),
                severity: try severity(m.severity, field: "severity"),
                timeMs: m.time_ms)
        }
    }

    // MARK: - list_alerts

    static func makeAlertQuery(
        _ query: AlertQuery,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__ListAlertsRequest> {
        let message = arena.make(arbiter__v1__list_alerts_request__init)
        let kinds = query.kinds.sorted { $0.rawValue < $1.rawValue }
        if !kinds.isEmpty {
            let array = arena.storage(for: Arbiter__V1__AlertKind.self, count: kinds.count)
            for (index, kind) in kinds.enumerated() { (array + index).initialize(to: cKind(kind)) }
            message.pointee.n_kinds = kinds.count
            message.pointee.kinds = array
        }
        message.pointee.min_severity = query.minimumSeverity.map(cSeverity) ?? ARBITER__V1__ALERT_SEVERITY__ALERT_SEVERITY_UNSPECIFIED
        message.pointee.since_id = query.sinceID
        message.pointee.since_time_ms = query.sinceTimeMs
        arena.set(&message.pointee.subject, to: query.subject)
        message.pointee.limit = UInt32(clamping: query.limit)
        return message
    }

    /// Unknown kinds or severities throw INVALID_ARGUMENT naming `kinds[i]` or `min_severity`.
    static func alertQuery(from message: UnsafeMutablePointer<Arbiter__V1__ListAlertsRequest>?) throws(ArbiterError) -> AlertQuery {
        var query = AlertQuery()
        guard let m = message?.pointee else { return query }
        if m.n_kinds > 0, let kinds = m.kinds {
            for index in 0..<m.n_kinds {
                query.kinds.insert(try kind(kinds[index], field: "kinds[\(index)]"))
            }
        }
        if m.min_severity != ARBITER__V1__ALERT_SEVERITY__ALERT_SEVERITY_UNSPECIFIED {
            query.minimumSeverity = try severity(m.min_severity, field: "min_severity")
        }
        query.sinceID = m.since_id
        query.sinceTimeMs = m.since_time_ms
        query.subject = try string(m.subject, field: "subject")
        query.limit = int(m.limit)
        return query
    }

    static func makeAlertPage(
        _ page: AlertPage,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__ListAlertsResponse> {
        let message = arena.make(arbiter__v1__list_alerts_response__init)
        (message.pointee.n_alerts, message.pointee.alerts) = makeMessages(page.alerts, in: arena) { makeAlert($0, in: arena) }
        message.pointee.more = cBool(page.more)
        message.pointee.oldest_id = page.oldestID
        message.pointee.newest_id = page.newestID
        return message
    }

    static func alertPage(from message: UnsafeMutablePointer<Arbiter__V1__ListAlertsResponse>?) throws(ArbiterError) -> AlertPage {
        guard let m = message?.pointee else { return AlertPage() }
        return AlertPage(
            alerts: try messages(m.alerts, count: m.n_alerts, field: "alerts") { item throws(ArbiterError) in try alert(from: item) },
            more: bool(m.more), oldestID: m.oldest_id, newestID: m.newest_id)
    }

    // MARK: - Conversions

    static func makeAlert(_ alert: Alert, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__Alert> {
        let message = arena.make(arbiter__v1__alert__init)
        message.pointee.id = alert.id
        message.pointee.kind = cKind(alert.kind)
        message.pointee.severity = cSeverity(alert.severity)
        message.pointee.time_ms = alert.timeMs
        arena.set(&message.pointee.subject, to: alert.subject)
        arena.set(&message.pointee.model, to: alert.model)
        arena.set(&message.pointee.task_type, to: alert.taskType)
        message.pointee.measured_value = alert.measuredValue
        message.pointee.threshold = alert.threshold
        arena.set(&message.pointee.message, to: alert.message)
        return message
    }

    static func alert(from message: UnsafeMutablePointer<Arbiter__V1__Alert>) throws(ArbiterError) -> Alert {
        let m = message.pointee
        return Alert(
            id: m.id,
            kind: try kind(m.kind, field: "kind"),
            severity: try severity(m.severity, field: "severity"),
            timeMs: m.time_ms,
            subject: try string(m.subject, field: "subject"),
            model: try string(m.model, field: "model"),
            taskType: try string(m.task_type, field: "task_type"),
            measuredValue: m.measured_value,
            threshold: m.threshold,
            message: try string(m.message, field: "message"))
    }

    static func cKind(_ kind: AlertKind) -> Arbiter__V1__AlertKind {
        Arbiter__V1__AlertKind(rawValue: numericCast(kind.rawValue))
    }

    static func cSeverity(_ severity: AlertSeverity) -> Arbiter__V1__AlertSeverity {
        Arbiter__V1__AlertSeverity(rawValue: numericCast(severity.rawValue))
    }

    static func kind(_ value: Arbiter__V1__AlertKind, field: String) throws(ArbiterError) -> AlertKind {
        guard let kind = AlertKind(rawValue: Int(value.rawValue)) else {
            throw ArbiterError(.invalidArgument, "unknown alert kind \(value.rawValue); expected 1 to \(AlertKind.allCases.count)", field: field)
        }
        return kind
    }

    static func severity(_ value: Arbiter__V1__AlertSeverity, field: String) throws(ArbiterError) -> AlertSeverity {
        guard let severity = AlertSeverity(rawValue: Int(value.rawValue)) else {
            throw ArbiterError(.invalidArgument, "unknown alert severity \(value.rawValue); expected INFO (1), WARNING (2) or CRITICAL (3)", field: field)
        }
        return severity
    }
}
