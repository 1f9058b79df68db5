import ArgumentParser

/// What the ranking benchmarks rank over: the catalog's size, the learned task types, the strategy.
struct RankingWorkload: ParsableArguments {
    @Option(help: "Models in the catalog.")
    var models = 20

    @Option(help: "Task types with learned state.")
    var taskTypes = 10_000

    @Option(help: "Ranking strategy.")
    var strategy = "greedy"
}
