import ArbiterClient
import ArbiterCore
import ArgumentParser
import Foundation

/// `arbiter estimate`: what a task is predicted to take, cost and be worth on each model.
struct EstimateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "estimate",
        abstract: "Estimate a task's tokens, cost and value on each model.",
        discussion: """
            Figures start from the catalog's estimation parameters, adjusted by what the server \
            learned from recorded executions; the adjustments that changed them are listed. \
            --input-tokens, --output-tokens and --value-score replace the server's figures.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var task: TaskOptions

    @Flag(help: "Print JSON with the proto field names.")
    var json = false

    func run() throws {
        let result = try Console.reportingErrors { () throws(ArbiterError) in
            try connection.connect().estimate(task.task, candidates: task.candidateNames)
        }
        if json {
            print(try Console.json(Self.jsonObject(for: result)))
        } else {
            print(Self.text(for: result))
        }
    }

    static func jsonObject(for result: EstimationResult) -> [String: Any] {
        [
            "estimates": result.estimates.map(jsonObject(for:)),
            "applied_adjustments": result.appliedAdjustments,
            "excluded": result.excluded.map(jsonObject(for:)),
            "ab_test_id": result.abTestID,
            "ab_variant": result.abVariant,
        ]
    }

    /// A `ModelEstimate`.
    static func jsonObject(for estimate: TaskEstimate) -> [String: Any] {
        [
            "model": estimate.model,
            "predicted_input_tokens": estimate.inputTokens,
            "predicted_output_tokens": estimate.outputTokens,
            "predicted_cost": Console.jsonNumber(estimate.cost),
            "predicted_value_score": Console.jsonNumber(estimate.valueScore),
        ]
    }

    /// An `ExcludedCandidate`, whose `reason` is the sentence the server sends.
    static func jsonObject(for excluded: ExcludedCandidate) -> [String: Any] {
        ["model": excluded.model, "reason": excluded.message, "code": excluded.reason.protoName]
    }

    static func text(for result: EstimationResult) -> String {
        var table = TextTable(columns: [
            TextTable.Column("MODEL", alignment: .left),
            TextTable.Column("INPUT TOKENS"),
            TextTable.Column("OUTPUT TOKENS"),
            TextTable.Column("COST"),
            TextTable.Column("VALUE SCORE"),
        ])
        for estimate in result.estimates {
            table.append([
                estimate.model,
                "\(estimate.inputTokens)",
                "\(estimate.outputTokens)",
                dollars(estimate.cost),
                String(format: "%.1f", estimate.valueScore),
            ])
        }
        var lines = abTestLines(testID: result.abTestID, variant: result.abVariant)
        lines.append(result.estimates.isEmpty ? "no model can take the task" : table.render())
        lines.append("adjustments: " + (result.appliedAdjustments.isEmpty ? "none" : result.appliedAdjustments.joined(separator: ", ")))
        lines.append(contentsOf: exclusionLines(result.excluded))
        return lines.joined(separator: "\n")
    }

    /// The A/B test the task fell in and its variant, which the worker records on the execution;
    /// nothing for a task in no test (`production`).
    static func abTestLines(testID: String, variant: String) -> [String] {
        testID.isEmpty ? [] : ["A/B test \(testID), variant \(variant): record both on the execution (ab_test_id, ab_variant)"]
    }

    /// `excluded:` and one sentence per candidate; nothing when none was.
    static func exclusionLines(_ excluded: [ExcludedCandidate]) -> [String] {
        excluded.isEmpty ? [] : ["excluded:"] + excluded.map { "  \($0.message)" }
    }

    /// Dollars with cents and hundredths of cents, since one task on a cheap model costs a fraction of a cent.
    static func dollars(_ value: Double) -> String {
        String(format: "$%.4f", value)
    }
}
