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
        workspace: "/srv/ws/日本語",
        abTestID: "test-001",
        abVariant: "treatment",
        attempt: 3
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

    /// Every field set, each prediction to a distinct value.
    static let fullTask = TaskDescriptor(
        taskID: "task-7",
        priority: "P0",
        domain: "infrastructure",
        complexity: "complex",
        taskTitle: "Shard the ledger — étape 2 ✓",
        predictedInputTokens: 12_345,
        predictedOutputTokens: Int64.max,
        predictedValueScore: 87.5
    )

    static let minimalTask = TaskDescriptor(priority: "P3", domain: "docs", complexity: "simple")

    /// One model of each kind: plain, each quota shape, disabled.
    static let catalog = CatalogSummary(
        models: [
            ModelDescriptor(name: "premium-a", tier: .premium, inputPricePerMillion: 15, outputPricePerMillion: 75),
            ModelDescriptor(name: "mid-b", tier: .mid, inputPricePerMillion: 3, outputPricePerMillion: 15.5),
            ModelDescriptor(
                name: "sub-tokens", tier: .premium, inputPricePerMillion: 15, outputPricePerMillion: 75,
                subscription: Subscription(quotaTokens: 5_000_000, periodSeconds: 604_800, fee: 200)),
            ModelDescriptor(
                name: "sub-tasks", tier: .mid, inputPricePerMillion: 0, outputPricePerMillion: 0,
                subscription: Subscription(quotaTasks: 300, periodSeconds: 3600, fee: 0)),
            ModelDescriptor(
                name: "sub-both", tier: .cheap, inputPricePerMillion: 0.25, outputPricePerMillion: 1.25, enabled: false,
                subscription: Subscription(quotaTokens: 1, quotaTasks: Int64.max, periodSeconds: Int64.max, fee: 1e-6)),
            ModelDescriptor(name: "cheap-c", tier: .cheap, inputPricePerMillion: 0, outputPricePerMillion: 0, enabled: false),
        ],
        catalogPath: "/etc/arbiter/models-日本.yaml",
        loadedAtMs: 1_732_500_000_456
    )

    static let adjustments = ["input_tokens.complexity.complex", "value.priority.P0"]

    static let estimation = EstimationResult(
        estimates: [
            TaskEstimate(model: "premium-a", inputTokens: 8000, outputTokens: 4000, cost: 0.42, valueScore: 87.5, appliedAdjustments: adjustments),
            TaskEstimate(model: "sub-tasks", inputTokens: 8000, outputTokens: 4000, cost: 0, valueScore: 87.5, appliedAdjustments: adjustments),
        ],
        appliedAdjustments: adjustments,
        excluded: ExclusionReason.allCases.map { ExcludedCandidate(model: "x-\($0.rawValue)", reason: $0) }
    )

    static func ranked(_ index: Int) -> RankedModel {
        RankedModel(
            model: "model-\(index)",
            score: 1.5 / Double(index + 1),
            expectedQuality: 8.25,
            expectedSuccessRate: 0.875,
            expectedValuePerDollar: 1234.5,
            estimatedCost: 0.0625 * Double(index),
            confidence: 0.3,
            source: ScoreSource.allCases[index % ScoreSource.allCases.count],
            assignmentReason: AssignmentReason.allCases[index % AssignmentReason.allCases.count],
            estimate: TaskEstimate(
                model: "model-\(index)", inputTokens: 100 + Int64(index), outputTokens: -1, cost: 0.0625 * Double(index), valueScore: 50)
        )
    }

    static let ranking = RankingResult(
        ranked: (0..<6).map(ranked),
        excluded: [
            ExcludedCandidate(model: "nope", reason: .unknown), ExcludedCandidate(model: "sub-d", reason: .quotaExhausted),
            ExcludedCandidate(model: "cheap", reason: .alreadyFailed),
        ],
        strategy: .thompson,
        seed: 0xDEAD_BEEF_CAFE_F00D
    )

    /// A usage period as `SubscriptionLedger` reports it: bounds consistent with `periodIndex`.
    static func usage(model: String, periodMs: Int64, index: Int64) -> SubscriptionUsage {
        SubscriptionUsage(
            model: model,
            periodIndex: index,
            periodStartMs: index * periodMs,
            periodEndMs: (index + 1) * periodMs,
            tokensUsed: 4_200_000,
            tasksUsed: 301,
            quotaTokens: 5_000_000,
            quotaTasks: 300,
            overflowTasks: 1,
            overflowAPICost: 0.375
        )
    }

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
