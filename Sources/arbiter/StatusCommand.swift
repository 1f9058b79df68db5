import ArbiterClient
import ArbiterCore
import ArbiterWire
import ArgumentParser
import Foundation

/// `arbiter status`: what the server holds and how its storage is doing.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show the server's status."
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print JSON with the proto field names.")
    var json = false

    func run() throws {
        let status = try Console.reportingErrors { () throws(ArbiterError) in
            try connection.connect().status()
        }
        if json {
            print(try Console.json(Self.jsonObject(for: status)))
        } else {
            print(Self.text(for: status))
        }
    }

    static func jsonObject(for status: ServerStatus) -> [String: Any] {
        [
            "version": status.version,
            "uptime_seconds": Console.jsonNumber(status.uptimeSeconds),
            "executions_stored": status.executionsStored,
            "models": status.models,
            "task_types": status.taskTypes,
            "state_dir": status.stateDirectory,
            "snapshot_sequence": status.snapshotSequence,
            "snapshot_time_ms": status.snapshotTimeMs,
            "wal_bytes": status.walBytes,
            "fsync_mode": status.fsyncMode,
            "alerts_endpoint": status.alertsEndpoint,
            "alerts_stored": status.alertsStored,
            "newest_alert_id": status.newestAlertID,
        ]
    }

    static func text(for status: ServerStatus) -> String {
        let snapshot =
            status.snapshotSequence == 0
            ? "none yet"
            : "#\(status.snapshotSequence) at \(timestamp(milliseconds: status.snapshotTimeMs))"
        let rows: [(String, String)] = [
            ("version", status.version),
            ("uptime", uptime(status.uptimeSeconds)),
            ("executions stored", "\(status.executionsStored)"),
            ("models", "\(status.models)"),
            ("task types", "\(status.taskTypes)"),
            ("state directory", status.stateDirectory),
            ("snapshot", snapshot),
            ("WAL size", "\(status.walBytes) bytes"),
            ("fsync", status.fsyncMode),
            ("alert stream", status.alertsEndpoint.isEmpty ? "none" : status.alertsEndpoint),
            ("alerts", "\(status.alertsStored) kept, newest #\(status.newestAlertID)"),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { label, value in
            "\(label):" + String(repeating: " ", count: width - label.count + 1) + value
        }.joined(separator: "\n")
    }

    private static func uptime(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else {
            return "\(seconds) s"
        }
        let total = Int(seconds)
        let (days, hours, minutes, rest) = (total / 86_400, total / 3600 % 24, total / 60 % 60, total % 60)
        var parts: [String] = []
        if days > 0 { parts.append("\(days)d") }
        if days > 0 || hours > 0 { parts.append("\(hours)h") }
        if days > 0 || hours > 0 || minutes > 0 { parts.append("\(minutes)m") }
        parts.append("\(rest)s")
        return parts.joined(separator: " ")
    }

    private static func timestamp(milliseconds: Int64) -> String {
        let date = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        return date.formatted(.iso8601)
    }
}
