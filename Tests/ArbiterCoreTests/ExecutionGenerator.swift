import ArbiterCore

/// Random executions for the tests, reproducible from a seed.
struct ExecutionGenerator {
    static let models = ["alpha", "beta", "gamma-long-model-name-2025"]
    static let priorities = ["P0", "P1", "P2", "P3"]
    static let domains = ["backend", "data_science", "frontend"]
    static let complexities = ["simple", "medium", "complex", "very_complex"]

    /// Pieces that make awkward strings: multi-byte, combining, emoji, both spellings of é, NUL.
    static let pieces = [
        "a", "Z", "0", "_", " ", "-", "é", "e\u{301}", "日本", "ß", "Ω", "🚀", "👩‍👩‍👧", "\u{0}", "العربية", "\u{FEFF}", "x",
    ]

    var rng: SplitMix64

    init(seed: UInt64) {
        rng = SplitMix64(seed: seed)
    }

    /// A valid execution over a few labels, with the edge cases the metrics must skip.
    mutating func learningExecution(index: Int) -> TaskExecution {
        TaskExecution(
            executionID: "exec-\(index)",
            taskID: "task-\(index % 97)",
            taskTitle: "Task \(index)",
            priority: Self.priorities.randomElement(using: &rng)!,
            domain: Self.domains.randomElement(using: &rng)!,
            complexity: Self.complexities.randomElement(using: &rng)!,
            predictedValueScore: Double.random(in: 0...10, using: &rng),
            predictedInputTokens: chance(0.15) ? 0 : Int64.random(in: 100...10_000, using: &rng),
            predictedOutputTokens: chance(0.15) ? 0 : Int64.random(in: 100...10_000, using: &rng),
            predictedCost: Double.random(in: 0...2, using: &rng),
            assignedModel: Self.models.randomElement(using: &rng)!,
            assignmentReason: "learned_best",
            actualInputTokens: Int64.random(in: 0...20_000, using: &rng),
            actualOutputTokens: Int64.random(in: 0...20_000, using: &rng),
            actualCost: chance(0.1) ? 0 : Double.random(in: 0.001...3, using: &rng),
            executionTimeSeconds: Double.random(in: 0.5...600, using: &rng),
            success: chance(0.7),
            qualityScore: Double.random(in: 0...10, using: &rng),
            testsPassed: Int64.random(in: 0...50, using: &rng),
            testsFailed: Int64.random(in: 0...5, using: &rng),
            bugsIntroduced: Int64.random(in: 0...3, using: &rng),
            revisionNeeded: chance(0.2),
            stakeholderSatisfaction: chance(0.5) ? Double.random(in: 1...5, using: &rng) : nil,
            valueDelivered: chance(0.3) ? nil : Double.random(in: 0...10, using: &rng),
            timestampMs: Int64.random(in: 1_700_000_000_000...1_800_000_000_000, using: &rng),
            workerID: "worker-\(index % 5)",
            workspace: "/ws"
        )
    }

    /// An execution exercising every stored field: full ranges, nil optionals, awkward Unicode.
    mutating func arbitraryExecution(index: Int) -> TaskExecution {
        TaskExecution(
            executionID: "\(index)-" + text(maxPieces: 6),
            taskID: text(maxPieces: 8),
            taskTitle: chance(0.2) ? "" : text(maxPieces: 30),
            priority: text(maxPieces: 2),
            domain: text(maxPieces: 2),
            complexity: text(maxPieces: 2),
            predictedValueScore: double(),
            predictedInputTokens: Int64.random(in: .min ... .max, using: &rng),
            predictedOutputTokens: Int64.random(in: .min ... .max, using: &rng),
            predictedCost: double(),
            assignedModel: text(maxPieces: 3),
            assignmentReason: text(maxPieces: 2),
            actualInputTokens: Int64.random(in: .min ... .max, using: &rng),
            actualOutputTokens: Int64.random(in: .min ... .max, using: &rng),
            actualCost: double(),
            executionTimeSeconds: double(),
            success: chance(0.5),
            qualityScore: double(),
            testsPassed: Int64(Int32.random(in: .min ... .max, using: &rng)),
            testsFailed: Int64(Int32.random(in: .min ... .max, using: &rng)),
            bugsIntroduced: Int64(Int32.random(in: .min ... .max, using: &rng)),
            revisionNeeded: chance(0.5),
            stakeholderSatisfaction: chance(0.5) ? double() : nil,
            valueDelivered: chance(0.5) ? double() : nil,
            timestampMs: Int64.random(in: .min ... .max, using: &rng),
            workerID: text(maxPieces: 3),
            workspace: chance(0.1) ? "" : text(maxPieces: 12)
        )
    }

    /// Any double but NaN, weighted towards values that expose lossy storage.
    mutating func double() -> Double {
        let specials: [Double] = [0, -0.0, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .infinity, -.infinity, 1e-300, .pi]
        if chance(0.2) { return specials.randomElement(using: &rng)! }
        while true {
            let value = Double(bitPattern: rng.next())
            if !value.isNaN { return value }
        }
    }

    mutating func text(maxPieces: Int) -> String {
        var result = ""
        for _ in 0..<Int.random(in: 0...maxPieces, using: &rng) {
            result += Self.pieces.randomElement(using: &rng)!
        }
        return result
    }

    mutating func chance(_ probability: Double) -> Bool {
        Double.random(in: 0..<1, using: &rng) < probability
    }
}
