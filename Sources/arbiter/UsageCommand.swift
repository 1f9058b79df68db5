import ArbiterClient
import ArbiterCore
import ArgumentParser
import Foundation

/// `arbiter usage`: how much of each subscription's quota the current period has used.
struct UsageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Show the current period's use of each subscription's quota.",
        discussion: """
            Usage counts the actual tokens and tasks of recorded executions. Executions past a \
            quota are overflow, priced at the model's list price.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Only this subscription model.")
    var model: String?

    @Flag(help: "Print JSON with the proto field names.")
    var json = false

    func run() throws {
        let usage = try Console.reportingErrors { () throws(ArbiterError) in
            try connection.connect().subscriptionUsage(model: model ?? "")
        }
        if json {
            print(try Console.json(usage.map(Self.jsonObject(for:))))
        } else if usage.isEmpty {
            Console.writeError("no subscription models\n")
        } else {
            print(Self.table(for: usage))
        }
    }

    /// A `SubscriptionUsage`; an unlimited quota is 0, as on the wire.
    static func jsonObject(for usage: SubscriptionUsage) -> [String: Any] {
        [
            "model": usage.model,
            "period_start_ms": usage.periodStartMs,
            "period_end_ms": usage.periodEndMs,
            "tokens_used": usage.tokensUsed,
            "tasks_used": usage.tasksUsed,
            "quota_tokens": usage.quotaTokens ?? 0,
            "quota_tasks": usage.quotaTasks ?? 0,
            "utilisation": Console.jsonNumber(usage.utilisation),
            "overflow_tasks": usage.overflowTasks,
            "overflow_api_cost": Console.jsonNumber(usage.overflowAPICost),
        ]
    }

    static func table(for usage: [SubscriptionUsage]) -> String {
        var table = TextTable(columns: [
            TextTable.Column("MODEL", alignment: .left),
            TextTable.Column("PERIOD START", alignment: .left),
            TextTable.Column("PERIOD END", alignment: .left),
            TextTable.Column("TOKENS"),
            TextTable.Column("TASKS"),
            TextTable.Column("USED"),
            TextTable.Column("OVERFLOW TASKS"),
            TextTable.Column("OVERFLOW COST"),
        ])
        for row in usage {
            table.append([
                row.model,
                timestamp(row.periodStartMs),
                timestamp(row.periodEndMs),
                "\(row.tokensUsed) / " + (row.quotaTokens.map { "\($0)" } ?? "-"),
                "\(row.tasksUsed) / " + (row.quotaTasks.map { "\($0)" } ?? "-"),
                String(format: "%.1f%%", row.utilisation * 100),
                "\(row.overflowTasks)",
                EstimateCommand.dollars(row.overflowAPICost),
            ])
        }
        return table.render()
    }

    private static func timestamp(_ milliseconds: Int64) -> String {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000).formatted(.iso8601)
    }
}
