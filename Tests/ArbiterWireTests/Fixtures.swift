import ArbiterCore
import ArbiterWire

/// Sample values and byte-level helpers shared by the codec tests.
enum Fixtures {
    /// Every field set to a distinct, non-default value.
    static let fullExecution = TaskExecution(
        executionID: "exec-0001",
        taskID: "task-42",
        taskTitle: "Refactor the arena allocator — naïve version ✓",
        priority: "P1",
        domain: "backend",
        complexity: "very_complex",
        predictedValueScore: 7.25,
        predictedInputTokens: 12_000,
        predictedOutputTokens: -3,
        predictedCost: 0.125,
        assignedModel: "claude-opus",
        assignmentReason: "high_value_premium",
        actualInputTokens: Int64.max,
        actualOutputTokens: Int64.min,
        actualCost: 1e-9,
        executionTimeSeconds: 3600.5,
        success: true,
        qualityScore: 9.5,
        testsPassed: 120,
        testsFailed: 2,
        bugsIntroduced: 1,
        revisionNeeded: true,
        stakeholderSatisfaction: 4.5,
        valueDelivered: 0,
        timestampMs: 1_732_500_000_123,
        workerID: "worker-7",
        workspace: "/srv/ws/日本語"
    )

    /// Only what a minimal client fills in; both optionals nil.
    static let minimalExecution = TaskExecution(taskID: "t", priority: "P3", domain: "docs", complexity: "simple")

    static func execution(_ index: Int) -> TaskExecution {
        var execution = fullExecution
        execution.executionID = "exec-\(index)"
        execution.taskID = "task-\(index)"
        execution.domain = "dom\(index)x"
        execution.qualityScore = Double(index % 11)
        execution.stakeholderSatisfaction = index.isMultiple(of: 2) ? Double(index % 5 + 1) : nil
        execution.valueDelivered = index.isMultiple(of: 3) ? Double(index) : nil
        return execution
    }

    static let fullRow: PerformanceRow = {
        var row = PerformanceRow()
        row.model = "claude-opus"
        row.priority = "P0"
        row.domain = "backend"
        row.complexity = "complex"
        row.totalTasks = 1234
        row.successRate = 0.875
        row.avgQualityScore = 8.1
        row.qualityStddev = 0.7
        row.avgExecutionTime = 42.5
        row.inputTokenAccuracy = 1.05
        row.outputTokenAccuracy = 0.93
        row.valuePerDollar = 17.5
        row.lastUpdatedMs = 1_732_500_000_000
        row.inputTokenSamples = 1200
        row.outputTokenSamples = 1100
        row.valuePerDollarSamples = 300
        var running = RunningEstimates()
        running.successRate = 0.9
        running.avgQualityScore = 8.3
        running.avgExecutionTime = 40
        running.avgTokenEfficiency = 1.01
        running.avgCostEfficiency = 16
        running.totalTasks = 1234
        running.lastUpdatedMs = 1_732_500_000_000
        running.confidence = 0.95
        row.running = running
        return row
    }()

    static let fullStatus: ServerStatus = {
        var status = ServerStatus()
        status.version = "1.0.0"
        status.uptimeSeconds = 86_400.25
        status.executionsStored = 1_000_000
        status.models = 7
        status.taskTypes = 64
        status.stateDirectory = "/var/lib/arbiter"
        status.snapshotSequence = UInt64.max
        status.snapshotTimeMs = 1_732_500_000_000
        status.walBytes = 123_456_789
        status.fsyncMode = "interval"
        return status
    }()

    static func requestRoundTrip(_ request: WireRequest) throws -> WireRequest {
        try WireCodec.decodeRequest(WireCodec.encode(request))
    }

    static func responseRoundTrip(_ response: WireResponse) throws -> WireResponse {
        try WireCodec.decodeResponse(WireCodec.encode(response))
    }

    /// The error `decodeRequest` throws for `bytes`, or nil when it decodes.
    static func requestError(_ bytes: [UInt8]) -> ArbiterError? {
        if case .failure(let error) = Result(catching: { () throws(ArbiterError) in try WireCodec.decodeRequest(bytes) }) {
            return error
        }
        return nil
    }

    static func responseError(_ bytes: [UInt8]) -> ArbiterError? {
        if case .failure(let error) = Result(catching: { () throws(ArbiterError) in try WireCodec.decodeResponse(bytes) }) {
            return error
        }
        return nil
    }

    static func executionError(_ bytes: [UInt8]) -> ArbiterError? {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(ArbiterError) in try WireCodec.decodeExecution(raw) }
        }
        if case .failure(let error) = result {
            return error
        }
        return nil
    }

    static func decodeExecution(_ bytes: [UInt8]) throws -> TaskExecution {
        try bytes.withUnsafeBytes { raw in try WireCodec.decodeExecution(raw) }
    }

    static func peek(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { WireCodec.peekRequestID($0) }
    }

    /// `bytes` with the start of the first `marker` overwritten by `replacement` (same length, so
    /// every length prefix stays valid).
    static func patching(_ bytes: [UInt8], marker: String, with replacement: [UInt8]) -> [UInt8] {
        let needle = Array(marker.utf8)
        guard let start = bytes.indices.first(where: { bytes[$0...].starts(with: needle) }) else {
            preconditionFailure("marker \(marker) not in the encoding")
        }
        var patched = bytes
        patched.replaceSubrange(start..<start + replacement.count, with: replacement)
        return patched
    }
}
