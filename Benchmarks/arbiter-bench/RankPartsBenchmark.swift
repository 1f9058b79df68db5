import ArbiterCore
import ArbiterWire
import ArgumentParser
import Foundation

/// The CPU cost of each stage of a `rank_models` round trip, in one process and without sockets.
///
/// Complements `rank`, which measures the whole round trip: this one says where the time goes
/// (server decode, ranking, server encode, client encode and decode) on the same data.
struct RankPartsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank-parts",
        abstract: "Per-stage CPU cost of rank_models (codec and ranker), in process.")

    @OptionGroup var workload: RankingWorkload

    @Option(help: "Iterations per stage.")
    var iterations = 200_000

    @Option(help: "Measure only the stages whose name contains this, e.g. to profile one.")
    var only = ""

    func run() throws {
        var table = PerformanceTable()
        for index in 0..<(workload.taskTypes * 5) {
            table.apply(RankBenchmark.execution(index: index, taskTypes: workload.taskTypes, models: workload.models, prefix: "seed"))
        }
        var catalog: [ModelDescriptor] = []
        var capabilities: [String: ModelCapabilities] = [:]
        for index in 0..<workload.models {
            let tier: ModelTier = [.premium, .mid, .cheap][index % 3]
            let price = [15.0, 3.0, 0.3][index % 3] * (1 + Double(index) / 100)
            catalog.append(ModelDescriptor(name: "model-\(index)", tier: tier, inputPricePerMillion: price, outputPricePerMillion: price * 4))
            capabilities["model-\(index)"] = ModelCapabilities(overall: CapabilityPrior(quality: 5 + Double(index % 5), successRate: 0.5 + Double(index % 5) / 10))
        }
        let matrix = CapabilityMatrix(models: capabilities)
        let estimator = TaskEstimator()
        let ranker = ModelRanker()
        let ledger = SubscriptionLedger()
        let task = TaskDescriptor(taskID: "bench", priority: "P1", domain: "domain-7", complexity: "complex")
        let request = RankingRequest(task: task, strategy: RankingStrategy(rawValue: workload.strategy) ?? .greedy, seed: 7)

        func rank() throws(ArbiterError) -> RankingResult {
            let learned = table.taskType(priority: task.priority, domain: task.domain, complexity: task.complexity)
            return try ranker.rank(
                request, catalog: catalog, capabilities: matrix, estimator: estimator,
                performance: learned,
                usage: { ledger.usage(model: $0, nowMs: 0) })
        }
        let result = try rank()
        let wireRequest = WireRequest(requestID: 1, method: .rankModels(request))
        let wireResponse = WireResponse(requestID: 1, result: .success(.rankModels(result)))
        let requestBytes = WireCodec.encode(wireRequest)
        let responseBytes = WireCodec.encode(wireResponse)
        print("arbiter-bench rank-parts: \(workload.models) models, \(workload.taskTypes) task types, request \(requestBytes.count) bytes, response \(responseBytes.count) bytes")

        var sink = 0
        func measure(_ name: String, _ body: () throws -> Int) rethrows {
            guard only.isEmpty || name.contains(only) else { return }
            for _ in 0..<(iterations / 10) { sink &+= try body() }
            let start = ContinuousClock.now
            for _ in 0..<iterations { sink &+= try body() }
            let elapsed = ContinuousClock.now - start
            let padded = name.padding(toLength: 28, withPad: " ", startingAt: 0)
            print(padded + String(format: "%8.2f µs", elapsed.seconds * 1e6 / Double(iterations)))
        }
        measure("client: encode request") { WireCodec.encode(wireRequest).count }
        try measure("server: decode request") { try WireCodec.decodeRequest(requestBytes).requestID == 1 ? 1 : 0 }
        try measure("server: rank") { try rank().ranked.count }
        measure("server: encode response") { WireCodec.encode(wireResponse).count }
        try measure("client: decode response") { try WireCodec.decodeResponse(responseBytes).requestID == 1 ? 1 : 0 }

        // What an A/B test adds to a rank call on the server: finding the task's test and variant among
        // three, and the variant's ranker and estimator by its strategy (as RankingSnapshot keeps them).
        let control = AbStrategy(name: "original", complexityMultipliers: ["complex": 1.5])
        let treatment = AbStrategy(name: "learned", complexityMultipliers: ["complex": 1.7], preferredModel: "model-3")
        let registry = AbTestRegistry((0..<3).map { index in
            AbTest(testID: "bench-\(index)", control: control, treatment: treatment,
                   criteria: AbTestCriteria(domains: [index == 2 ? task.domain : "elsewhere-\(index)"]))
        })
        let engines: [AbStrategy: (ranker: ModelRanker, estimator: TaskEstimator)] = [
            control: (ModelRanker(), estimator), treatment: (ModelRanker(preferredModel: "model-3"), estimator),
        ]
        measure("server: A/B assignment") {
            let assignment = registry.assignment(for: task, nowMs: 1) { [] }
            return assignment.strategy.flatMap { engines[$0] } == nil ? 0 : assignment.variant.utf8.count
        }
        if sink == 42 { print("") }
    }
}
