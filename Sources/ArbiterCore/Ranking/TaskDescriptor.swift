/// The task to find a model for, with whatever the caller already predicted.
public struct TaskDescriptor: Sendable, Hashable {
    public var taskID: String
    public var priority: String
    public var domain: String
    public var complexity: String
    public var taskTitle: String
    /// Caller predictions; each one present replaces the estimator's figure.
    public var predictedInputTokens: Int64?
    public var predictedOutputTokens: Int64?
    public var predictedValueScore: Double?

    public init(
        taskID: String = "",
        priority: String,
        domain: String,
        complexity: String,
        taskTitle: String = "",
        predictedInputTokens: Int64? = nil,
        predictedOutputTokens: Int64? = nil,
        predictedValueScore: Double? = nil
    ) {
        self.taskID = taskID
        self.priority = priority
        self.domain = domain
        self.complexity = complexity
        self.taskTitle = taskTitle
        self.predictedInputTokens = predictedInputTokens
        self.predictedOutputTokens = predictedOutputTokens
        self.predictedValueScore = predictedValueScore
    }

    /// The task type performance is learned under: `"{priority}_{domain}_{complexity}"`, as `TaskExecution.taskType`.
    public var taskType: String { TaskExecution.taskType(priority: priority, domain: domain, complexity: complexity) }

    /// Throws `.invalidArgument` for the first out-of-range prediction, named by its proto field.
    public func validate(limits: ExecutionLimits = ExecutionLimits()) throws(ArbiterError) {
        try Self.checkTokens(predictedInputTokens, "predicted_input_tokens", limits)
        try Self.checkTokens(predictedOutputTokens, "predicted_output_tokens", limits)
        if let score = predictedValueScore, !(score.isFinite && (0...100).contains(score)) {
            throw ArbiterError(.invalidArgument, "predicted_value_score must be between 0 and 100; got \(score)", field: "predicted_value_score")
        }
    }

    private static func checkTokens(_ tokens: Int64?, _ field: String, _ limits: ExecutionLimits) throws(ArbiterError) {
        if let tokens, tokens < 0 || tokens > limits.maxTokens {
            throw ArbiterError(.invalidArgument, "\(field) must be between 0 and \(limits.maxTokens); got \(tokens)", field: field)
        }
    }
}
