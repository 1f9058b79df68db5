/// Decides whether an incoming `TaskExecution` may be recorded.
///
/// Fields are checked in wire (proto field number) order and the first problem is reported,
/// so a client fixing errors one at a time always sees the same sequence.
public struct ExecutionValidator: Sendable {
    public var limits: ExecutionLimits

    public init(limits: ExecutionLimits = ExecutionLimits()) {
        self.limits = limits
    }

    /// Throws `.invalidArgument` naming the first offending field by its proto name.
    ///
    /// An empty `execution_id` and a zero `timestamp_ms` are accepted: the server fills them in.
    public func validate(_ e: TaskExecution) throws(ArbiterError) {
        let idLength = min(limits.maxIdentifierLength, Int(UInt16.max))
        try checkText(e.executionID, "execution_id", maxBytes: idLength, required: false)
        try checkText(e.taskID, "task_id", maxBytes: idLength, required: true)
        try checkText(e.taskTitle, "task_title", maxBytes: limits.maxTitleLength, required: false)
        try checkText(e.priority, "priority", maxBytes: idLength, required: true)
        try checkText(e.domain, "domain", maxBytes: idLength, required: true)
        try checkText(e.complexity, "complexity", maxBytes: idLength, required: true)

        try checkNonNegative(e.predictedValueScore, "predicted_value_score")
        try checkTokens(e.predictedInputTokens, "predicted_input_tokens")
        try checkTokens(e.predictedOutputTokens, "predicted_output_tokens")
        try checkNonNegative(e.predictedCost, "predicted_cost")

        try checkText(e.assignedModel, "assigned_model", maxBytes: idLength, required: true)
        try checkText(e.assignmentReason, "assignment_reason", maxBytes: idLength, required: false)

        try checkTokens(e.actualInputTokens, "actual_input_tokens")
        try checkTokens(e.actualOutputTokens, "actual_output_tokens")
        try checkNonNegative(e.actualCost, "actual_cost")
        try checkNonNegative(e.executionTimeSeconds, "execution_time_seconds")

        try checkRange(e.qualityScore, "quality_score", 0...10)
        try checkCount(e.testsPassed, "tests_passed")
        try checkCount(e.testsFailed, "tests_failed")
        try checkCount(e.bugsIntroduced, "bugs_introduced")

        if let satisfaction = e.stakeholderSatisfaction {
            try checkRange(satisfaction, "stakeholder_satisfaction", 1...5)
        }
        if let value = e.valueDelivered {
            try checkNonNegative(value, "value_delivered")
        }

        if e.timestampMs < 0 {
            throw invalid("timestamp_ms", "must not be negative (0 means the server's clock); got \(e.timestampMs)")
        }
        try checkText(e.workerID, "worker_id", maxBytes: idLength, required: false)
        try checkText(e.workspace, "workspace", maxBytes: limits.maxWorkspaceLength, required: false)
        try checkText(e.abTestID, "ab_test_id", maxBytes: idLength, required: false)
        if !e.abTestID.isEmpty, AbVariant(rawValue: e.abVariant) == nil {
            throw invalid("ab_variant", "must be control or treatment with an ab_test_id; got \"\(e.abVariant.prefix(64))\"")
        }
        if e.abTestID.isEmpty, !e.abVariant.isEmpty, e.abVariant != AbVariant.production {
            throw invalid("ab_variant", "must be empty or production without an ab_test_id; got \"\(e.abVariant.prefix(64))\"")
        }
        let maxAttempt = min(limits.maxAttempt, UInt32(UInt8.max))
        if e.attempt > maxAttempt {
            throw invalid("attempt", "must be at most \(maxAttempt) (1 or 0 for a first attempt); got \(e.attempt)")
        }
    }

    /// Throws `.invalidArgument` naming the first offending field of a task about to be ranked or
    /// estimated: its labels are required and bounded as an execution's are; `task_id` may be empty.
    public func validate(_ task: TaskDescriptor) throws(ArbiterError) {
        let idLength = min(limits.maxIdentifierLength, Int(UInt16.max))
        try checkText(task.taskID, "task_id", maxBytes: idLength, required: false)
        try checkText(task.priority, "priority", maxBytes: idLength, required: true)
        try checkText(task.domain, "domain", maxBytes: idLength, required: true)
        try checkText(task.complexity, "complexity", maxBytes: idLength, required: true)
        try checkText(task.taskTitle, "task_title", maxBytes: limits.maxTitleLength, required: false)
        try task.validate(limits: limits)
    }

    private func invalid(_ field: String, _ problem: String) -> ArbiterError {
        ArbiterError(.invalidArgument, "\(field) \(problem)", field: field)
    }

    private func checkText(_ value: String, _ field: String, maxBytes: Int, required: Bool) throws(ArbiterError) {
        let bytes = value.utf8.count
        if required && bytes == 0 {
            throw invalid(field, "must not be empty")
        }
        // The length goes first so an oversized string is never scanned.
        if bytes > maxBytes {
            throw invalid(field, "is \(bytes) bytes of UTF-8; at most \(maxBytes) are allowed")
        }
        if ExactString.withBytes(of: value, { $0.contains(0) }) {
            throw invalid(field, "must not contain NUL (\\0) characters")
        }
    }

    private func checkFinite(_ value: Double, _ field: String) throws(ArbiterError) {
        if !value.isFinite {
            throw invalid(field, "must be a finite number; got \(value)")
        }
    }

    private func checkNonNegative(_ value: Double, _ field: String) throws(ArbiterError) {
        try checkFinite(value, field)
        if value < 0 {
            throw invalid(field, "must not be negative; got \(value)")
        }
    }

    private func checkRange(_ value: Double, _ field: String, _ range: ClosedRange<Double>) throws(ArbiterError) {
        try checkFinite(value, field)
        if !range.contains(value) {
            let bounds = "\(range.lowerBound.boundDescription) and \(range.upperBound.boundDescription)"
            throw invalid(field, "must be between \(bounds); got \(value)")
        }
    }

    private func checkTokens(_ value: Int64, _ field: String) throws(ArbiterError) {
        if value < 0 || value > limits.maxTokens {
            throw invalid(field, "must be between 0 and \(limits.maxTokens); got \(value)")
        }
    }

    private func checkCount(_ value: Int64, _ field: String) throws(ArbiterError) {
        let maxCount = min(limits.maxCount, Int64(Int32.max))
        if value < 0 || value > maxCount {
            throw invalid(field, "must be between 0 and \(maxCount); got \(value)")
        }
    }
}

private extension Double {
    /// `10` rather than `10.0` for bounds that are whole numbers.
    var boundDescription: String {
        // `Int64(exactly:)` rather than `rounded()`, which would make ArbiterCore link libm.
        Int64(exactly: self).map { String($0) } ?? String(self)
    }
}
