import ArbiterClient
import ArbiterCore
import ArgumentParser
import Foundation

/// `arbiter params`: every estimation parameter in force and where it came from.
struct ParamsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "params",
        abstract: "Show the estimation parameters in force: catalog bases and learned values with their adjustment."
    )

    @OptionGroup var connection: ConnectionOptions
    @Flag(help: "Print JSON with the proto field names.")
    var json = false

    func run() throws {
        let parameters = try Console.reportingErrors { () throws(ArbiterError) in
            try connection.connect().parameters()
        }
        if json {
            print(try Console.json(parameters.map(LearningJSON.parameter)))
            return
        }
        var table = TextTable(columns: [
            TextTable.Column("PARAMETER", alignment: .left), TextTable.Column("VALUE"),
            TextTable.Column("SOURCE", alignment: .left), TextTable.Column("ADJUSTMENT", alignment: .left),
        ])
        for p in parameters {
            table.append([p.name, String(format: "%.4g", p.value), p.source.rawValue, p.adjustment?.id ?? ""])
        }
        print(table.render())
    }
}
