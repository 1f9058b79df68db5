import ArgumentParser

/// Benchmarks that print figures; none of them asserts a time.
@main
struct ArbiterBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arbiter-bench",
        abstract: "Arbiter benchmark programs (build with -c release).",
        subcommands: [RecordBenchmark.self, RankBenchmark.self, RankPartsBenchmark.self, LearnBenchmark.self, AlertsBenchmark.self])
}
