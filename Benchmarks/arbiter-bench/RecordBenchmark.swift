import ArbiterClient
import ArbiterCore
import ArgumentParser
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Recording throughput, memory per stored execution and restart time, against a real `arbiterd`.
struct RecordBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Executions recorded per second (single calls and batches), resident memory, restart time.")

    @OptionGroup var serverOptions: ServerOptions

    @Option(help: "Executions for the batch import.")
    var executions = 1_000_000

    @Option(help: "Executions per batch.")
    var batchSize = 1000

    @Option(help: "Single record calls per fsync mode.")
    var singleCalls = 5000

    @Option(help: "Concurrent connections for the concurrent single-call figure.")
    var connections = 8

    func run() throws {
        print("arbiter-bench record: \(executions) executions, batches of \(batchSize), \(singleCalls) single calls")
        for mode in ["always", "interval", "never"] {
            let server = try serverOptions.startServer(fsync: mode)
            defer { try? server.stop() }
            let singleCount = mode == "always" ? min(singleCalls, 2000) : singleCalls
            var cpu = server.cpuSeconds()
            let single = try singleCallRate(endpoint: server.endpoint, calls: singleCount)
            let singleCPU = server.cpuSeconds() - cpu
            cpu = server.cpuSeconds()
            let concurrent = try concurrentRate(endpoint: server.endpoint, calls: mode == "always" ? min(singleCalls, 4000) : singleCalls)
            let concurrentCPU = server.cpuSeconds() - cpu
            cpu = server.cpuSeconds()
            let batched = try batchRate(endpoint: server.endpoint, count: mode == "interval" ? executions : min(executions, 200_000))
            let batchCPU = server.cpuSeconds() - cpu
            print(String(format: "fsync=%-8@ single: %8.0f/s   %d connections: %8.0f/s   batches of %d: %9.0f/s (%d executions in %.2f s)",
                         mode, single, connections, concurrent.rate, batchSize, batched.rate, batched.count, batched.seconds))
            // Less at the mercy of other load on the machine than the rates.
            print(String(format: "           server CPU per execution: single %6.1f µs   %d connections %6.1f µs   batches %6.2f µs",
                         singleCPU / Double(singleCount) * 1e6, connections, concurrentCPU / Double(concurrent.count) * 1e6,
                         batchCPU / Double(batched.count) * 1e6))
            if mode == "interval" {
                let rss = server.residentBytes()
                let baseline = try serverOptions.startServer(fsync: "never")
                let empty = baseline.residentBytes()
                try baseline.stop()
                let stored = batched.count + singleCalls + concurrent.count
                print(String(format: "resident memory after %d executions: %.1f MiB (empty server %.1f MiB): %.0f bytes per stored execution",
                             stored, Double(rss) / 1_048_576, Double(empty) / 1_048_576, Double(rss - empty) / Double(stored)))
                // Restart from snapshot + log after a crash, and after a graceful stop.
                server.kill9()
                let crashRestart = try server.start().seconds
                try server.stop()
                let gracefulRestart = try server.start().seconds
                print(String(format: "restart with %d executions: after SIGKILL (snapshot + log replay) %.2f s, after SIGTERM (snapshot) %.2f s",
                             stored, crashRestart, gracefulRestart))
            }
        }
    }

    private func singleCallRate(endpoint: String, calls: Int) throws -> Double {
        let connection = try ArbiterConnection(endpoint: endpoint, timeout: .seconds(30))
        var generator = BenchExecutions(prefix: "single-\(UUID().uuidString)")
        let start = ContinuousClock.now
        for _ in 0..<calls { _ = try connection.record(generator.next()) }
        return Double(calls) / (ContinuousClock.now - start).seconds
    }

    /// Several connections recording one call at a time: where group commit shows.
    private func concurrentRate(endpoint: String, calls: Int) throws -> (rate: Double, count: Int) {
        let perConnection = calls / connections
        let failures = Atomic<Int>(0)
        let done = DispatchGroup()
        let start = ContinuousClock.now
        for index in 0..<connections {
            done.enter()
            Thread {
                defer { done.leave() }
                guard let connection = try? ArbiterConnection(endpoint: endpoint, timeout: .seconds(30)) else {
                    failures.add(1, ordering: .relaxed)
                    return
                }
                var generator = BenchExecutions(prefix: "conc-\(index)-\(UUID().uuidString)")
                for _ in 0..<perConnection where (try? connection.record(generator.next())) == nil {
                    failures.add(1, ordering: .relaxed)
                }
            }.start()
        }
        done.wait()
        let seconds = (ContinuousClock.now - start).seconds
        if failures.load(ordering: .relaxed) > 0 { throw ValidationError("\(failures.load(ordering: .relaxed)) concurrent calls failed") }
        return (Double(perConnection * connections) / seconds, perConnection * connections)
    }

    private func batchRate(endpoint: String, count: Int) throws -> (rate: Double, count: Int, seconds: Double) {
        let connection = try ArbiterConnection(endpoint: endpoint, timeout: .seconds(60))
        var generator = BenchExecutions(prefix: "batch-\(UUID().uuidString)")
        let batches = (0..<(count / batchSize)).map { _ in (0..<batchSize).map { _ in generator.next() } }
        let start = ContinuousClock.now
        for batch in batches {
            let outcome = try connection.record(batch: batch)
            guard outcome.accepted == batch.count else { throw ValidationError("batch not fully accepted: \(outcome)") }
        }
        let seconds = (ContinuousClock.now - start).seconds
        return (Double(batches.count * batchSize) / seconds, batches.count * batchSize, seconds)
    }
}

/// Realistic executions with unique ids over 20 models and a few hundred task types.
struct BenchExecutions {
    let prefix: String
    var index = 0
    var state: UInt64 = 0x2545_F491_4F6C_DD1D

    init(prefix: String) { self.prefix = prefix }

    mutating func random() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }

    mutating func next() -> TaskExecution {
        index += 1
        let r = random()
        return TaskExecution(
            executionID: "\(prefix.prefix(8))-\(index)",
            taskID: "T-\(index)",
            taskTitle: "Task \(index % 1000)",
            priority: ["P0", "P1", "P2", "P3"][Int(r % 4)],
            domain: ["infrastructure", "frontend", "backend", "data", "security", "docs", "testing", "ml"][Int((r >> 8) % 8)],
            complexity: ["simple", "medium", "complex", "very_complex"][Int((r >> 16) % 4)],
            predictedValueScore: Double((r >> 24) % 100),
            predictedInputTokens: Int64(1000 + (r >> 32) % 9000),
            predictedOutputTokens: Int64(500 + (r >> 40) % 4000),
            predictedCost: 0.05,
            assignedModel: "model-\((r >> 48) % 20)",
            assignmentReason: "learned_best",
            actualInputTokens: Int64(900 + (r >> 20) % 10000),
            actualOutputTokens: Int64(400 + (r >> 28) % 5000),
            actualCost: 0.04 + Double((r >> 36) % 100) / 1000,
            executionTimeSeconds: Double((r >> 44) % 600),
            success: r % 10 < 8,
            qualityScore: Double((r >> 52) % 11),
            testsPassed: Int64(r % 40),
            testsFailed: Int64(r % 3),
            bugsIntroduced: Int64(r % 2),
            revisionNeeded: r % 7 == 0,
            stakeholderSatisfaction: r % 3 == 0 ? Double(1 + r % 5) : nil,
            valueDelivered: r % 2 == 0 ? Double((r >> 12) % 100) : nil,
            timestampMs: 1_780_000_000_000 + Int64(index) * 1000,
            workerID: "worker-\(r % 16)",
            workspace: "/srv/fleet")
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
