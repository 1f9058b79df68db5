import ArbiterClient
import ArbiterCore
import ArbiterProcess
import ArbiterWire
import Foundation

/// The one helper every integration test uses to run a real server: a ``ServerProcess``
/// with the tests' defaults.
typealias TestServer = ServerProcess

extension ServerProcess {
    /// Starts the built `arbiterd` (``ServerProcess/defaultBinary``) with `--fsync fsync`, its log in a file (see ``ServerProcess/log``),
    /// and waits until it answers.
    convenience init(fsync: String = "always", extraArguments: [String] = [], curve: CurveClientKeys? = nil) throws {
        try self.init(binary: Self.defaultBinary, arguments: ["--fsync", fsync] + extraArguments, curve: curve)
    }
}

struct TestServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Deterministic executions for tests: a small xorshift generator, so every run sees the same data.
struct ExecutionFactory {
    private var seed: UInt64

    init(seed: UInt64) { self.seed = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    mutating func next() -> UInt64 {
        seed ^= seed << 13
        seed ^= seed >> 7
        seed ^= seed << 17
        return seed
    }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }

    mutating func execution(id: String, model: String? = nil, complexity: String? = nil) -> TaskExecution {
        TaskExecution(
            executionID: id,
            taskID: "task-\(next() % 100_000)",
            taskTitle: "Implement feature \(next() % 1000)",
            priority: pick(["P0", "P1", "P2", "P3"]),
            domain: pick(["infrastructure", "frontend"]),
            complexity: complexity ?? pick(["simple", "complex"]),
            predictedValueScore: (unit() * 100).rounded(),
            predictedInputTokens: Int64(next() % 4) == 0 ? 0 : Int64(1000 + next() % 9000),
            predictedOutputTokens: Int64(500 + next() % 4000),
            predictedCost: unit() * 2,
            assignedModel: model ?? pick(["opus-4.6", "sonnet-4.5", "deepseek-v3"]),
            assignmentReason: "learned_best",
            actualInputTokens: Int64(800 + next() % 12000),
            actualOutputTokens: Int64(400 + next() % 5000),
            actualCost: Int(next() % 5) == 0 ? 0 : unit() * 3,
            executionTimeSeconds: unit() * 300,
            success: unit() < 0.8,
            qualityScore: (unit() * 100).rounded() / 10,
            testsPassed: Int64(next() % 50),
            testsFailed: Int64(next() % 3),
            bugsIntroduced: Int64(next() % 2),
            revisionNeeded: unit() < 0.2,
            stakeholderSatisfaction: unit() < 0.5 ? nil : 1 + (unit() * 4).rounded(),
            valueDelivered: unit() < 0.3 ? nil : (unit() * 100).rounded(),
            timestampMs: 1_780_000_000_000 + Int64(next() % 86_400_000),
            workerID: "worker-\(next() % 8)",
            workspace: "/srv/ws")
    }
}
