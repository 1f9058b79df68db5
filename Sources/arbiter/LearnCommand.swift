import ArbiterClient
import ArbiterCore
import ArbiterWire
import ArgumentParser
import Foundation

/// `arbiter learn`: runs the learning batch now.
struct LearnCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "Run the learning batch: calibrate token and value estimates, find savings, log adjustments.",
        discussion: """
            Adjustments whose confidence reaches the server's graduation threshold are applied at once \
            (estimates and rankings change); the others are proposed, for `arbiter adjustments apply`. \
            --dry-run measures and reports without logging or changing anything.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Option(help: ArgumentHelp("The end of every window: Unix ms or an ISO 8601 date (default now).", valueName: "time"))
    var asOf: String?
    @Option(help: "Days of executions for token calibration (default: the server's, 30).")
    var tokenWindowDays = 0
    @Option(help: "Days of executions for value calibration (default: the server's, 30).")
    var valueWindowDays = 0
    @Option(help: "Days of executions for the cost-effectiveness analysis (default: the server's, 60).")
    var costWindowDays = 0
    @Flag(help: "Measure and report only; log and change nothing.")
    var dryRun = false
    @Flag(help: "Print the report as JSON with the proto field names.")
    var json = false

    func validate() throws {
        if let asOf, TimeArgument.milliseconds(asOf) == nil {
            throw ValidationError("--as-of must be Unix milliseconds or an ISO 8601 date; got '\(asOf)'")
        }
    }

    func run() throws {
        let request = LearningRequest(
            asOfMs: asOf.flatMap(TimeArgument.milliseconds), tokenWindowDays: tokenWindowDays,
            valueWindowDays: valueWindowDays, costWindowDays: costWindowDays, dryRun: dryRun)
        let report = try Console.reportingErrors { () throws(ArbiterError) in
            try connection.connect().runLearning(request)
        }
        if json {
            print(try Console.json(LearningJSON.report(report)))
            return
        }
        let applied = report.adjustments.filter { $0.status == .applied }.count
        print("\(dryRun ? "dry run: would log" : "logged") \(report.adjustments.count) adjustments (\(applied) \(dryRun ? "would be " : "")applied)")
        if !report.adjustments.isEmpty { print(AdjustmentsCommand.table(report.adjustments)) }
        let values = report.values
        print("value calibration: " + (values.enoughData
            ? "\(values.executions) executions, correlation " + (values.correlation.map { String(format: "%.3f", $0) } ?? "undefined")
            : "not enough data (\(values.executions) executions with a value delivered)"))
        print(String(format: "savings found: $%.2f over %d of %d premium executions", report.costs.bestSaving,
                     report.costs.executionsWithSaving, report.costs.premiumExecutions))
    }
}
