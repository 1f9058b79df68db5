import ArbiterClient
import ArbiterCore
import ArbiterWire
import ArgumentParser
import Foundation
import Histogram
import Synchronization
import ZeroMQ

/// `rank_models` round trips against a bare ZeroMQ echo of the same sizes, in one run.
struct RankBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "rank_models latency and throughput as ratios to a bare ZeroMQ echo, while executions are recorded.")

    @OptionGroup var serverOptions: ServerOptions

    @OptionGroup var workload: RankingWorkload

    @Option(help: "Sequential calls measured per kind.")
    var calls = 20_000

    @Option(help: "Requests in flight when pipelining.")
    var window = 64

    @Option(help: "Background recording rate (executions per second) during the measurements; 0 for none.")
    var recordRate = 1000

    @Option(help: "A/B tests to create after the first measurements (one matches the ranked task); rank_models is then measured again.")
    var abTests = 0

    func run() throws {
        let catalog = FileManager.default.temporaryDirectory.appendingPathComponent("bench-catalog-\(UUID().uuidString).yaml")
        try Self.catalogYAML(models: workload.models).write(to: catalog, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: catalog) }
        let server = try serverOptions.startServer(fsync: "interval", extraArguments: ["--catalog", catalog.path])
        defer { try? server.stop() }

        // Learned state: every task type has executions on five models.
        let seeding = try ArbiterConnection(endpoint: server.endpoint, timeout: .seconds(60))
        var batch: [TaskExecution] = []
        for index in 0..<(workload.taskTypes * 5) {
            batch.append(Self.execution(index: index, taskTypes: workload.taskTypes, models: workload.models, prefix: "seed"))
            if batch.count == 5000 { _ = try seeding.record(batch: batch); batch.removeAll(keepingCapacity: true) }
        }
        if !batch.isEmpty { _ = try seeding.record(batch: batch) }
        let status = try seeding.status()
        print("arbiter-bench rank: \(workload.models) models, \(status.taskTypes) task types, \(status.executionsStored) executions, strategy \(workload.strategy), recording \(recordRate)/s in the background")

        let strategy = RankingStrategy(rawValue: workload.strategy) ?? .greedy
        let task = TaskDescriptor(taskID: "bench", priority: "P1", domain: "domain-7", complexity: "complex")
        let rankRequest = WireRequest(requestID: 1, method: .rankModels(RankingRequest(task: task, strategy: strategy, topK: 0, seed: 7)))
        let probe = try ArbiterConnection(endpoint: server.endpoint, timeout: .seconds(10))
        let sampleResponse = WireCodec.encode(WireResponse(requestID: 1, result: .success(.rankModels(try probe.rank(RankingRequest(task: task, strategy: strategy, seed: 7))))))
        let requestSize = WireCodec.encode(rankRequest).count
        print("message sizes: request \(requestSize) bytes, response \(sampleResponse.count) bytes")

        let echo = try EchoServer(replySize: sampleResponse.count)
        defer { echo.stop() }

        let recorder = BackgroundRecorder(endpoint: server.endpoint, rate: recordRate, taskTypes: workload.taskTypes, models: workload.models)
        recorder.start()
        defer { recorder.stop() }

        let echoLatency = try Self.sequential(calls: calls) { connection in
            try connection.echo(size: requestSize)
        } connect: { try EchoClient(endpoint: echo.endpoint) }
        let rankLatency = try Self.sequential(calls: calls) { connection in
            _ = try connection.rank(RankingRequest(task: task, strategy: strategy, seed: 7))
        } connect: { try ArbiterConnection(endpoint: server.endpoint, timeout: .seconds(10)) }

        let echoRate = try Self.pipelined(calls: calls * 2, window: window) { client in
            try client.sendEcho(size: requestSize)
        } receive: { client in try client.receiveEcho() } connect: { try EchoClient(endpoint: echo.endpoint) }
        let rankRate = try Self.pipelined(calls: calls * 2, window: window) { connection in
            _ = try connection.send(.rankModels(RankingRequest(task: task, strategy: strategy, seed: 7)))
        } receive: { connection in
            let response = try connection.receive()
            if case .failure(let error) = response.result { throw error }
        } connect: { try ArbiterConnection(endpoint: server.endpoint, timeout: .seconds(10)) }

        // The same calls with A/B tests defined: the task falls in one, whose variant strategy ranks it.
        var abLatency: Histogram<UInt64>?
        var abRate = 0.0
        if abTests > 0 {
            for index in 0..<abTests {
                let matching = index == abTests - 1
                _ = try probe.createAbTest(AbTest(
                    testID: "bench-\(index)",
                    control: AbStrategy(name: "original", complexityMultipliers: ["complex": 1.5]),
                    treatment: AbStrategy(name: "learned", complexityMultipliers: ["complex": 1.7], preferredModel: "model-3"),
                    criteria: AbTestCriteria(domains: [matching ? task.domain : "elsewhere-\(index)"])))
            }
            guard try probe.rank(RankingRequest(task: task, strategy: strategy, seed: 7)).abTestID == "bench-\(abTests - 1)" else {
                throw ValidationError("the ranked task is not in the A/B test")
            }
            abLatency = try Self.sequential(calls: calls) { connection in
                _ = try connection.rank(RankingRequest(task: task, strategy: strategy, seed: 7))
            } connect: { try ArbiterConnection(endpoint: server.endpoint, timeout: .seconds(10)) }
            abRate = try Self.pipelined(calls: calls * 2, window: window) { connection in
                _ = try connection.send(.rankModels(RankingRequest(task: task, strategy: strategy, seed: 7)))
            } receive: { connection in
                let response = try connection.receive()
                if case .failure(let error) = response.result { throw error }
            } connect: { try ArbiterConnection(endpoint: server.endpoint, timeout: .seconds(10)) }
        }

        let recorded = recorder.stop()
        func micros(_ histogram: Histogram<UInt64>, _ percentile: Double) -> Double { Double(histogram.valueAtPercentile(percentile)) / 1000 }
        print("")
        print("                      p50 µs    p99 µs  p99.9 µs")
        for (name, histogram) in [("bare ZeroMQ echo", echoLatency), ("rank_models", rankLatency)] {
            // Padded in Swift: Foundation on Linux ignores a width on %@.
            let label = name.padding(toLength: 18, withPad: " ", startingAt: 0)
            print(label + String(format: " %9.1f %9.1f %9.1f", micros(histogram, 50), micros(histogram, 99), micros(histogram, 99.9)))
        }
        print(String(format: "rank ÷ echo        %9.2f %9.2f %9.2f",
                     micros(rankLatency, 50) / micros(echoLatency, 50),
                     micros(rankLatency, 99) / micros(echoLatency, 99),
                     micros(rankLatency, 99.9) / micros(echoLatency, 99.9)))
        print(String(format: "pipelined (window %d): echo %.0f/s, rank_models %.0f/s (%.2f of echo)", window, echoRate, rankRate, rankRate / echoRate))
        if let abLatency {
            print(String(format: "in an A/B test (%d defined): p50 %.1f µs, p99 %.1f µs (%.2f, %.2f of rank_models outside); pipelined %.0f/s (%.2f of outside)",
                         abTests, micros(abLatency, 50), micros(abLatency, 99), micros(abLatency, 50) / micros(rankLatency, 50),
                         micros(abLatency, 99) / micros(rankLatency, 99), abRate, abRate / rankRate))
        }
        print("background recording during the run: \(recorded.count) executions at \(String(format: "%.0f", recorded.rate))/s")
    }

    static func sequential<Client>(
        calls: Int, _ call: (Client) throws -> Void, connect: () throws -> Client
    ) throws -> Histogram<UInt64> {
        let client = try connect()
        for _ in 0..<min(2000, calls / 10) { try call(client) }  // warm up
        var histogram = Histogram<UInt64>(highestTrackableValue: 10_000_000_000, numberOfSignificantValueDigits: .three)
        for _ in 0..<calls {
            let start = ContinuousClock.now
            try call(client)
            let elapsed = ContinuousClock.now - start
            _ = histogram.record(UInt64(elapsed.components.attoseconds / 1_000_000_000) + UInt64(elapsed.components.seconds) * 1_000_000_000)
        }
        return histogram
    }

    static func pipelined<Client>(
        calls: Int, window: Int, send: (Client) throws -> Void, receive: (Client) throws -> Void, connect: () throws -> Client
    ) throws -> Double {
        let client = try connect()
        let start = ContinuousClock.now
        var sent = 0, received = 0
        while received < calls {
            while sent < calls && sent - received < window {
                try send(client)
                sent += 1
            }
            try receive(client)
            received += 1
        }
        return Double(calls) / (ContinuousClock.now - start).seconds
    }

    static func execution(index: Int, taskTypes: Int, models: Int, prefix: String) -> TaskExecution {
        let taskType = index % taskTypes
        let model = (taskType + index / taskTypes * 3) % models
        return TaskExecution(
            executionID: "\(prefix)-\(index)", taskID: "T-\(index)",
            // 4 priorities × 4 complexities × taskTypes/16 domains: every index below taskTypes is its own task type.
            priority: "P\(taskType % 4)", domain: "domain-\(taskType / 16)", complexity: ["simple", "medium", "complex", "very_complex"][taskType / 4 % 4],
            predictedValueScore: 50, predictedInputTokens: 4000, predictedOutputTokens: 2000, predictedCost: 0.05,
            assignedModel: "model-\(model)", actualInputTokens: Int64(3000 + index % 2000), actualOutputTokens: Int64(1500 + index % 1000),
            actualCost: 0.01 + Double(model) / 100, executionTimeSeconds: 30, success: index % 5 != 0,
            qualityScore: Double(index % 11), valueDelivered: Double(index % 100), timestampMs: 1_780_000_000_000 + Int64(index))
    }

    static func catalogYAML(models: Int) -> String {
        var yaml = "models:\n"
        for index in 0..<models {
            let tier = ["premium", "mid", "cheap"][index % 3]
            let price = [15.0, 3.0, 0.3][index % 3] * (1 + Double(index) / 100)
            yaml += """
                  - name: model-\(index)
                    tier: \(tier)
                    input_price_per_million: \(price)
                    output_price_per_million: \(price * 4)
                    capabilities:
                      overall: {quality: \(5 + Double(index % 5)), success_rate: \(0.5 + Double(index % 5) / 10)}

                """
        }
        return yaml
    }
}

/// A ROUTER socket that answers every message with a fixed payload, on its own thread.
final class EchoServer: Sendable {
    let endpoint: String
    private let context: ZMQContext
    private let stopped = Atomic<Bool>(false)
    private let done = DispatchSemaphore(value: 0)

    init(replySize: Int) throws {
        context = try ZMQContext()
        let router = try ZMQSocket(context: context, type: .router)
        try router.setLinger(milliseconds: 0)
        try router.bind("tcp://127.0.0.1:*")
        endpoint = try router.lastEndpoint
        let handoff = ZMQSocketHandoff(router)
        let reply = [UInt8](repeating: 0x2A, count: replySize)
        Thread { [self] in
            guard let router = handoff.take() else { return }
            try? router.setReceiveTimeout(milliseconds: 100)
            while !self.stopped.load(ordering: .relaxed) {
                guard let message = try? router.receiveMultipart() else { continue }
                var frames = message.frames
                frames[frames.count - 1] = reply
                try? router.send(multipart: frames)
            }
            router.close()
            self.done.signal()
        }.start()
    }

    func stop() {
        guard !stopped.exchange(true, ordering: .relaxed) else { return }
        done.wait()
    }
}

/// A DEALER client of ``EchoServer``.
final class EchoClient {
    private let socket: ZMQSocket

    init(endpoint: String) throws {
        socket = try ZMQSocket(context: try ZMQContext(), type: .dealer)
        try socket.setLinger(milliseconds: 0)
        try socket.connect(endpoint)
    }

    func echo(size: Int) throws {
        try sendEcho(size: size)
        try receiveEcho()
    }

    func sendEcho(size: Int) throws {
        try socket.send([UInt8](repeating: 0x2A, count: size))
    }

    func receiveEcho() throws {
        _ = try socket.receive()
    }
}

/// Records executions at a steady rate on its own connection until stopped.
final class BackgroundRecorder: Sendable {
    private let endpoint: String
    private let rate: Int
    private let taskTypes: Int
    private let models: Int
    private let stopped = Atomic<Bool>(false)
    private let recorded = Atomic<Int>(0)
    private let done = DispatchSemaphore(value: 0)
    private let started = Mutex<ContinuousClock.Instant?>(nil)

    init(endpoint: String, rate: Int, taskTypes: Int, models: Int) {
        self.endpoint = endpoint
        self.rate = rate
        self.taskTypes = taskTypes
        self.models = models
    }

    func start() {
        guard rate > 0 else { done.signal(); return }
        started.withLock { $0 = .now }
        Thread { [self] in
            defer { done.signal() }
            guard let connection = try? ArbiterConnection(endpoint: endpoint, timeout: .seconds(10)) else { return }
            let begin = ContinuousClock.now
            var index = 0
            while !stopped.load(ordering: .relaxed) {
                let due = begin + .nanoseconds(Int64(index) * 1_000_000_000 / Int64(rate))
                if ContinuousClock.now < due { Thread.sleep(forTimeInterval: (due - ContinuousClock.now).seconds); continue }
                _ = try? connection.record(RankBenchmark.execution(index: index, taskTypes: taskTypes, models: models, prefix: "live"))
                recorded.add(1, ordering: .relaxed)
                index += 1
            }
        }.start()
    }

    @discardableResult
    func stop() -> (count: Int, rate: Double) {
        if !stopped.exchange(true, ordering: .relaxed) { done.wait() }
        let count = recorded.load(ordering: .relaxed)
        let seconds = started.withLock { $0.map { (ContinuousClock.now - $0).seconds } } ?? 1
        return (count, Double(count) / seconds)
    }
}
