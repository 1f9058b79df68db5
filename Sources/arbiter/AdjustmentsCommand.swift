import ArbiterClient
import ArbiterCore
import ArgumentParser
import Foundation

/// `arbiter adjustments`: the log of learned adjustments; apply or reject one.
struct AdjustmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjustments",
        abstract: "List, apply or reject learned adjustments.",
        subcommands: [List.self, Apply.self, Reject.self],
        defaultSubcommand: List.self
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List logged adjustments, oldest first.")

        @OptionGroup var connection: ConnectionOptions
        @Option(help: "Only this parameter, such as token_estimate_input_complex.")
        var name: String?
        @Option(help: "Only this type: token_estimation, value_scoring, cost_optimization, ...")
        var type: String?
        @Option(help: "Only this status: proposed, applied or rejected.")
        var status: String?
        @Option(help: ArgumentHelp("Only adjustments created at or after this time (Unix ms or ISO 8601).", valueName: "time"))
        var since: String?
        @Option(help: ArgumentHelp("Only adjustments created before this time (Unix ms or ISO 8601).", valueName: "time"))
        var until: String?
        @Flag(help: "Print JSON with the proto field names.")
        var json = false

        func validate() throws {
            if let status, Adjustment.Status(rawValue: status) == nil {
                throw ValidationError("--status must be proposed, applied or rejected; got '\(status)'")
            }
            for (flag, value) in [("--since", since), ("--until", until)] {
                if let value, TimeArgument.milliseconds(value) == nil {
                    throw ValidationError("\(flag) must be Unix milliseconds or an ISO 8601 date; got '\(value)'")
                }
            }
        }

        func run() throws {
            let filter = AdjustmentFilter(
                parameterName: name ?? "", parameterType: type.map(AdjustmentType.init(rawValue:)),
                status: status.flatMap(Adjustment.Status.init(rawValue:)),
                createdFromMs: since.flatMap(TimeArgument.milliseconds), createdToMs: until.flatMap(TimeArgument.milliseconds))
            let adjustments = try Console.reportingErrors { () throws(ArbiterError) in
                try connection.connect().adjustments(filter)
            }
            if json {
                print(try Console.json(adjustments.map(LearningJSON.adjustment)))
            } else if adjustments.isEmpty {
                Console.writeError("no adjustments\n")
            } else {
                print(AdjustmentsCommand.table(adjustments, withID: true))
            }
        }
    }

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Put an adjustment in force; estimates and rankings change at once.")

        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The adjustment's id.")
        var id: String
        @Flag(help: "Print JSON with the proto field names.")
        var json = false

        func run() throws {
            try AdjustmentsCommand.printChanged(json: json) { () throws(ArbiterError) in
                try connection.connect().applyAdjustment(id: id)
            }
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Set an adjustment aside, taking it out of force if it was applied.")

        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The adjustment's id.")
        var id: String
        @Flag(help: "Print JSON with the proto field names.")
        var json = false

        func run() throws {
            try AdjustmentsCommand.printChanged(json: json) { () throws(ArbiterError) in
                try connection.connect().rejectAdjustment(id: id)
            }
        }
    }

    /// Makes a status change and prints the adjustment as it now stands.
    static func printChanged(json: Bool, _ change: () throws(ArbiterError) -> Adjustment) throws {
        let adjustment = try Console.reportingErrors(change)
        print(json ? try Console.json(LearningJSON.adjustment(adjustment)) : table([adjustment], withID: true))
    }

    static func table(_ adjustments: [Adjustment], withID: Bool = false) -> String {
        var columns = [
            TextTable.Column("PARAMETER", alignment: .left), TextTable.Column("TYPE", alignment: .left),
            TextTable.Column("ORIGINAL"), TextTable.Column("ADJUSTED"), TextTable.Column("CONFIDENCE"),
            TextTable.Column("STATUS", alignment: .left),
        ]
        if withID { columns.insert(TextTable.Column("ID", alignment: .left), at: 0) }
        var table = TextTable(columns: columns)
        for a in adjustments {
            var cells = [
                a.parameterName, a.parameterType.rawValue, String(format: "%.3f", a.originalValue), String(format: "%.3f", a.adjustedValue),
                String(format: "%.2f", a.confidenceScore), a.status.rawValue,
            ]
            if withID { cells.insert(a.id, at: 0) }
            table.append(cells)
        }
        return table.render()
    }
}
