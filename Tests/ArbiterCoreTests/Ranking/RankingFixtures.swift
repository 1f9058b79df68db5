import ArbiterCore

/// Models, tasks and executions shared by the ranking tests.
enum RankingFixtures {
    static let opus = ModelDescriptor(name: "opus", tier: .premium, inputPricePerMillion: 15, outputPricePerMillion: 75)
    static let sonnet = ModelDescriptor(name: "sonnet", tier: .mid, inputPricePerMillion: 3, outputPricePerMillion: 15)
    static let deepseek = ModelDescriptor(name: "deepseek", tier: .cheap, inputPricePerMillion: 0.27, outputPricePerMillion: 1.1)

    /// P1 backend medium: 4000 input and 2000 output tokens, value score 75.
    static let task = TaskDescriptor(taskID: "T-1", priority: "P1", domain: "backend", complexity: "medium")

    static func task(priority: String) -> TaskDescriptor {
        TaskDescriptor(taskID: "T-\(priority)", priority: priority, domain: "backend", complexity: "medium")
    }

    static func execution(
        model: String,
        task: TaskDescriptor = task,
        success: Bool = true,
        quality: Double = 8,
        value: Double? = nil,
        cost: Double = 0.1,
        tokens: (input: Int64, output: Int64) = (4000, 2000),
        timestampMs: Int64 = 1_700_000_000_000,
        index: Int = 0
    ) -> TaskExecution {
        TaskExecution(
            executionID: "\(model)-\(index)",
            taskID: task.taskID,
            priority: task.priority,
            domain: task.domain,
            complexity: task.complexity,
            predictedValueScore: 75,
            predictedInputTokens: 4000,
            predictedOutputTokens: 2000,
            predictedCost: cost,
            assignedModel: model,
            assignmentReason: "cold_start",
            actualInputTokens: tokens.input,
            actualOutputTokens: tokens.output,
            actualCost: cost,
            executionTimeSeconds: 30,
            success: success,
            qualityScore: quality,
            valueDelivered: value,
            timestampMs: timestampMs
        )
    }

    /// Ranks with the given table as the learned data and no subscription usage.
    static func rank(
        _ request: RankingRequest,
        catalog: [ModelDescriptor],
        capabilities: CapabilityMatrix = CapabilityMatrix(),
        estimator: TaskEstimator = TaskEstimator(),
        table: PerformanceTable = PerformanceTable(),
        ledger: SubscriptionLedger = SubscriptionLedger(),
        nowMs: Int64 = 1_700_000_000_000,
        policy: RankingPolicy = RankingPolicy()
    ) throws(ArbiterError) -> RankingResult {
        try ModelRanker(policy: policy).rank(
            request,
            catalog: catalog,
            capabilities: capabilities,
            estimator: estimator,
            learned: { table.learnedPerformance(model: $0, task: request.task) },
            usage: { ledger.usage(model: $0, nowMs: nowMs) }
        )
    }

    /// A matrix giving each named model one model-wide prior.
    static func matrix(_ priors: [String: (quality: Double, success: Double)]) -> CapabilityMatrix {
        CapabilityMatrix(models: priors.mapValues { ModelCapabilities(overall: CapabilityPrior(quality: $0.quality, successRate: $0.success)) })
    }

    static func close(_ a: Double, _ b: Double, relative: Double = 1e-12) -> Bool {
        a == b || abs(a - b) <= relative * max(abs(a), abs(b))
    }
}
