import ArbiterClient
import ArbiterCore
import ArbiterWire
import ArgumentParser
import Foundation

/// `arbiter report`: the learning report as Markdown, HTML or JSON.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the learning report: Markdown, a self-contained HTML page with charts, or JSON.",
        discussion: """
            Without --as-of: the latest learning run that was not a dry run (kept across restarts), \
            else a dry run now. \
            With --as-of: a dry run as of that time.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case md, html, json
    }

    @OptionGroup var connection: ConnectionOptions
    @Option(help: "md, html or json.")
    var format: Format = .md
    @Option(name: [.customShort("o"), .long], help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?
    @Option(help: ArgumentHelp("Report a dry run as of this time (Unix ms or ISO 8601).", valueName: "time"))
    var asOf: String?

    func validate() throws {
        if let asOf, TimeArgument.milliseconds(asOf) == nil {
            throw ValidationError("--as-of must be Unix milliseconds or an ISO 8601 date; got '\(asOf)'")
        }
    }

    func run() throws {
        let wireFormat: ReportFormat = switch format {
        case .md: .markdown
        case .html: .html
        case .json: .protobuf
        }
        let document = try Console.reportingErrors { () throws(ArbiterError) in
            try connection.connect().report(ReportRequest(format: wireFormat, asOfMs: asOf.flatMap(TimeArgument.milliseconds)))
        }
        let text = format == .json ? try Console.json(LearningJSON.report(document.report)) + "\n" : document.document
        guard let output else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            throw Console.fail("cannot write \(output): \(error.localizedDescription)")
        }
        Console.writeError("wrote \(output)\n")
    }
}
