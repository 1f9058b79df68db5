import ArgumentParser

/// The `arbiter` command: talks to an `arbiterd` server.
@main
struct Arbiter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arbiter",
        abstract: "Record task executions in an Arbiter server and read what it learned.",
        subcommands: [RecordCommand.self, PerfCommand.self, StatusCommand.self]
    )
}
