import ArbiterClient
import ArbiterCore
import ArgumentParser
import Foundation

/// `arbiter perf`: performance per model and task type.
struct PerfCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perf",
        abstract: "Show performance per model and task type.",
        discussion: """
            Filters match exactly. Rows are grouped by the dimensions given to --group-by, \
            all four (model, priority, domain, complexity) by default; only then does the \
            JSON output carry the running estimates, under "running".
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: "Only executions by this model.")
    var model: String?
    @Option(help: "Only tasks of this priority, such as P0.")
    var priority: String?
    @Option(help: "Only tasks of this domain.")
    var domain: String?
    @Option(help: "Only tasks of this complexity, such as simple or very_complex.")
    var complexity: String?

    @Option(
        name: .customLong("group-by"),
        help: ArgumentHelp(
            "Comma-separated dimensions to group by: model, priority, domain, complexity.",
            valueName: "dimensions"
        ),
        transform: PerfCommand.parseDimensions
    )
    var groupBy: Set<ArbiterCore.Dimension>?

    @Flag(help: "Show what retries (executions with attempt 2 or more) showed instead of first attempts.")
    var retries = false

    @Flag(help: "Print JSON with the proto field names.")
    var json = false

    func run() throws {
        let query = PerformanceQuery(
            model: model ?? "",
            priority: priority ?? "",
            domain: domain ?? "",
            complexity: complexity ?? "",
            groupBy: groupBy ?? [],
            retries: retries
        )
        let rows = try Console.reportingErrors { () throws(ArbiterError) in
            try connection.connect().performance(query)
        }
        if json {
            print(try Console.json(rows.map(Self.jsonObject(for:))))
        } else if rows.isEmpty {
            Console.writeError("no executions match\n")
        } else {
            print(Self.table(for: rows, groupedBy: query.effectiveGroupBy))
        }
    }

    static func parseDimensions(_ text: String) throws -> Set<ArbiterCore.Dimension> {
        var dimensions: Set<ArbiterCore.Dimension> = []
        for name in text.split(separator: ",") {
            switch name.trimmingCharacters(in: .whitespaces).lowercased() {
            case "model": dimensions.insert(.model)
            case "priority": dimensions.insert(.priority)
            case "domain": dimensions.insert(.domain)
            case "complexity": dimensions.insert(.complexity)
            case "": continue
            default:
                throw ValidationError("unknown dimension '\(name)'; use model, priority, domain or complexity")
            }
        }
        guard !dimensions.isEmpty else {
            throw ValidationError("--group-by needs at least one of model, priority, domain, complexity")
        }
        return dimensions
    }

    static func jsonObject(for row: PerformanceRow) -> [String: Any] {
        var object: [String: Any] = [
            "model": row.model,
            "priority": row.priority,
            "domain": row.domain,
            "complexity": row.complexity,
            "total_tasks": row.totalTasks,
            "success_rate": Console.jsonNumber(row.successRate),
            "avg_quality_score": Console.jsonNumber(row.avgQualityScore),
            "quality_stddev": Console.jsonNumber(row.qualityStddev),
            "avg_execution_time": Console.jsonNumber(row.avgExecutionTime),
            "input_token_accuracy": Console.jsonNumber(row.inputTokenAccuracy),
            "output_token_accuracy": Console.jsonNumber(row.outputTokenAccuracy),
            "value_per_dollar": Console.jsonNumber(row.valuePerDollar),
            "last_updated_ms": row.lastUpdatedMs,
            "input_token_samples": row.inputTokenSamples,
            "output_token_samples": row.outputTokenSamples,
            "value_per_dollar_samples": row.valuePerDollarSamples,
        ]
        if let running = row.running {
            object["running"] = [
                "success_rate": Console.jsonNumber(running.successRate),
                "avg_quality_score": Console.jsonNumber(running.avgQualityScore),
                "avg_execution_time": Console.jsonNumber(running.avgExecutionTime),
                "avg_token_efficiency": Console.jsonNumber(running.avgTokenEfficiency),
                "avg_cost_efficiency": Console.jsonNumber(running.avgCostEfficiency),
                "total_tasks": running.totalTasks,
                "last_updated_ms": running.lastUpdatedMs,
                "confidence": Console.jsonNumber(running.confidence),
            ] as [String: Any]
        }
        return object
    }

    static func table(for rows: [PerformanceRow], groupedBy dimensions: Set<ArbiterCore.Dimension>) -> String {
        let allKeys: [(dimension: ArbiterCore.Dimension, title: String, value: (PerformanceRow) -> String)] = [
            (.model, "MODEL", { $0.model }),
            (.priority, "PRIORITY", { $0.priority }),
            (.domain, "DOMAIN", { $0.domain }),
            (.complexity, "COMPLEXITY", { $0.complexity }),
        ]
        let keys = allKeys.filter { dimensions.contains($0.dimension) }

        var table = TextTable(
            columns: keys.map { TextTable.Column($0.title, alignment: .left) } + [
                TextTable.Column("TASKS"),
                TextTable.Column("SUCCESS"),
                TextTable.Column("QUALITY"),
                TextTable.Column("QUALITY SD"),
                TextTable.Column("AVG TIME"),
                TextTable.Column("IN/OUT TOKEN ACC"),
                TextTable.Column("VALUE/$"),
            ]
        )
        for row in rows {
            let tokens = "\(ratio(row.inputTokenAccuracy, samples: row.inputTokenSamples))/\(ratio(row.outputTokenAccuracy, samples: row.outputTokenSamples))"
            table.append(
                keys.map { $0.value(row) } + [
                    "\(row.totalTasks)",
                    String(format: "%.1f%%", row.successRate * 100),
                    String(format: "%.2f", row.avgQualityScore),
                    String(format: "%.2f", row.qualityStddev),
                    String(format: "%.1fs", row.avgExecutionTime),
                    tokens,
                    ratio(row.valuePerDollar, samples: row.valuePerDollarSamples),
                ]
            )
        }
        return table.render()
    }

    /// A mean over `samples` values, or `-` when there were none.
    private static func ratio(_ value: Double, samples: Int) -> String {
        samples == 0 ? "-" : String(format: "%.2f", value)
    }
}
