import ArbiterClient
import ArbiterCore
import ArgumentParser
import Foundation

/// `arbiter watch`: the alert history since an id, then the live alert stream.
struct WatchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Print alerts as the server raises them.",
        discussion: """
            Subscribes to the server's alert stream (the PUB endpoint `arbiter status` shows). With \
            --since, the history after that id is printed first. ZeroMQ PUB drops alerts for a slow \
            or absent subscriber; a gap in the ids is filled from the history, so each alert is \
            printed once, in order. Stops after --count alerts, or on Ctrl-C.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp(
        "Only this kind: degradation, cost_efficiency, adjustment_drift, ab_significant (repeatable).", valueName: "kind"))
    var kind: [String] = []

    @Option(help: ArgumentHelp("First print the history after this alert id (0: all of it).", valueName: "id"))
    var since: UInt64?

    @Option(help: ArgumentHelp("The alert stream's endpoint (default: the one the server reports).", valueName: "endpoint"))
    var alertsEndpoint: String?

    @Option(help: ArgumentHelp("Stop after this many alerts.", valueName: "n"))
    var count: Int?

    @Flag(help: "Print one JSON object per line, with the proto field names.")
    var json = false

    func validate() throws {
        for name in kind where AlertKind(name: name) == nil {
            throw ValidationError("unknown alert kind '\(name)'; use \(AlertKind.allCases.map(\.name).joined(separator: ", "))")
        }
        if let count, count <= 0 { throw ValidationError("--count must be positive") }
    }

    func run() throws {
        let kinds = Set(kind.compactMap(AlertKind.init(name:)))
        let subscription = try Console.reportingErrors { () throws(ArbiterError) in
            try AlertSubscription(connection: connection.connect(), kinds: kinds, sinceID: since, endpoint: alertsEndpoint)
        }
        defer { subscription.close() }
        var printed = 0
        var lost = subscription.lost
        if lost > 0 { Self.warnLost(lost) }
        while count.map({ printed < $0 }) ?? true {
            let next = try Console.reportingErrors { () throws(ArbiterError) in try subscription.next() }
            if subscription.lost > lost {
                Self.warnLost(subscription.lost - lost)
                lost = subscription.lost
            }
            guard let alert = next else { continue }
            // Written straight away, not buffered: a pipe reader sees each alert as it comes.
            let line = json ? try Self.jsonLine(for: alert) : Self.text(for: alert)
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
            printed += 1
        }
    }

    /// On standard error, so the stream on standard output stays one alert per line.
    static func warnLost(_ count: UInt64) {
        FileHandle.standardError.write(Data("arbiter watch: \(count) alert\(count == 1 ? "" : "s") no longer in the server's history (--alert-history) could not be shown\n".utf8))
    }

    static func jsonObject(for alert: Alert) -> [String: Any] {
        [
            "id": alert.id,
            "kind": "ALERT_KIND_" + alert.kind.name.uppercased(),
            "severity": "ALERT_SEVERITY_" + alert.severity.name.uppercased(),
            "time_ms": alert.timeMs,
            "subject": alert.subject,
            "model": alert.model,
            "task_type": alert.taskType,
            "measured_value": Console.jsonNumber(alert.measuredValue),
            "threshold": Console.jsonNumber(alert.threshold),
            "message": alert.message,
            "topic": alert.topic,
        ]
    }

    static func jsonLine(for alert: Alert) throws(ExitCode) -> String {
        do {
            let data = try JSONSerialization.data(withJSONObject: jsonObject(for: alert), options: [.sortedKeys, .withoutEscapingSlashes])
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw Console.fail("cannot write JSON: \(error)")
        }
    }

    /// `#12 2026-11-25T06:40:00Z WARNING degradation sonnet-4.5/P1_backend_medium: message`.
    static func text(for alert: Alert) -> String {
        let time = Date(timeIntervalSince1970: Double(alert.timeMs) / 1000).formatted(.iso8601)
        return "#\(alert.id) \(time) \(alert.severity.name.uppercased()) \(alert.kind.name) \(alert.subject): \(alert.message)"
    }
}
