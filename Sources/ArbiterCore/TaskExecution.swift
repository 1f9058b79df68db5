/// One finished task: what was predicted, which model ran it and what happened.
///
/// Field names follow the wire contract (`arbiter.v1.TaskExecution`) in Swift case.
public struct TaskExecution: Sendable, Hashable {
    /// Idempotency key; the server makes a UUID when it is empty.
    public var executionID: String
    public var taskID: String
    public var taskTitle: String
    public var priority: String
    public var domain: String
    public var complexity: String

    public var predictedValueScore: Double
    public var predictedInputTokens: Int64
    public var predictedOutputTokens: Int64
    public var predictedCost: Double

    public var assignedModel: String
    public var assignmentReason: String

    public var actualInputTokens: Int64
    public var actualOutputTokens: Int64
    public var actualCost: Double
    public var executionTimeSeconds: Double

    public var success: Bool
    /// 0 to 10.
    public var qualityScore: Double
    public var testsPassed: Int64
    public var testsFailed: Int64
    public var bugsIntroduced: Int64
    public var revisionNeeded: Bool

    /// 1 to 5, when the stakeholder answered.
    public var stakeholderSatisfaction: Double?
    public var valueDelivered: Double?

    /// Unix time in milliseconds; the server's clock when 0.
    public var timestampMs: Int64
    public var workerID: String
    public var workspace: String
    /// The A/B test and variant (control or treatment) rank_models named for the task; empty when none.
    public var abTestID: String
    public var abVariant: String
    /// Which attempt at the task this was: 1 (or 0) for the first, 2 or more for a retry after
    /// the task's earlier attempts failed. Retries are learned apart (see `isRetry`).
    public var attempt: UInt32

    public init(
        executionID: String = "",
        taskID: String = "",
        taskTitle: String = "",
        priority: String = "",
        domain: String = "",
        complexity: String = "",
        predictedValueScore: Double = 0,
        predictedInputTokens: Int64 = 0,
        predictedOutputTokens: Int64 = 0,
        predictedCost: Double = 0,
        assignedModel: String = "",
        assignmentReason: String = "",
        actualInputTokens: Int64 = 0,
        actualOutputTokens: Int64 = 0,
        actualCost: Double = 0,
        executionTimeSeconds: Double = 0,
        success: Bool = false,
        qualityScore: Double = 0,
        testsPassed: Int64 = 0,
        testsFailed: Int64 = 0,
        bugsIntroduced: Int64 = 0,
        revisionNeeded: Bool = false,
        stakeholderSatisfaction: Double? = nil,
        valueDelivered: Double? = nil,
        timestampMs: Int64 = 0,
        workerID: String = "",
        workspace: String = "",
        abTestID: String = "",
        abVariant: String = "",
        attempt: UInt32 = 0
    ) {
        self.executionID = executionID
        self.taskID = taskID
        self.taskTitle = taskTitle
        self.priority = priority
        self.domain = domain
        self.complexity = complexity
        self.predictedValueScore = predictedValueScore
        self.predictedInputTokens = predictedInputTokens
        self.predictedOutputTokens = predictedOutputTokens
        self.predictedCost = predictedCost
        self.assignedModel = assignedModel
        self.assignmentReason = assignmentReason
        self.actualInputTokens = actualInputTokens
        self.actualOutputTokens = actualOutputTokens
        self.actualCost = actualCost
        self.executionTimeSeconds = executionTimeSeconds
        self.success = success
        self.qualityScore = qualityScore
        self.testsPassed = testsPassed
        self.testsFailed = testsFailed
        self.bugsIntroduced = bugsIntroduced
        self.revisionNeeded = revisionNeeded
        self.stakeholderSatisfaction = stakeholderSatisfaction
        self.valueDelivered = valueDelivered
        self.timestampMs = timestampMs
        self.workerID = workerID
        self.workspace = workspace
        self.abTestID = abTestID
        self.abVariant = abVariant
        self.attempt = attempt
    }

    /// A retry after earlier attempts at the task failed (`attempt` 2 or more).
    ///
    /// How a model does on tasks another model already failed says little about how it does on
    /// fresh ones, and the other way round, so `LearningState` learns retries in a table of their own.
    public var isRetry: Bool { attempt >= 2 }

    /// The task type the execution's performance is learned under: `"{priority}_{domain}_{complexity}"`.
    public var taskType: String { Self.taskType(priority: priority, domain: domain, complexity: complexity) }

    /// The name of a task type, `"{priority}_{domain}_{complexity}"`: the one spelling of it.
    public static func taskType(priority: String, domain: String, complexity: String) -> String {
        "\(priority)_\(domain)_\(complexity)"
    }
}
