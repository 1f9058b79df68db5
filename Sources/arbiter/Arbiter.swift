import ArgumentParser

/// The `arbiter` command: talks to an `arbiterd` server.
@main
struct Arbiter: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arbiter",
        abstract: "Record task executions in an Arbiter server, read what it learned, and ask it which model to use.",
        subcommands: [
            RecordCommand.self, PerfCommand.self, StatusCommand.self,
            RankCommand.self, EstimateCommand.self, ModelsCommand.self, ReloadCatalogCommand.self, UsageCommand.self,
            // Learning batch.
            LearnCommand.self, AdjustmentsCommand.self, ParamsCommand.self, ReportCommand.self,
            // A/B testing.
            AbTestCommand.self,
            // Alerts.
            WatchCommand.self,
            KeygenCommand.self,
        ]
    )
}
