import ArbiterCore
import CArbiterProto

/// `TaskExecution` ⇔ `arbiter.v1.TaskExecution`.
extension WireCodec {
    static func makeExecution(
        _ execution: TaskExecution,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__TaskExecution> {
        let message = arena.make(arbiter__v1__task_execution__init)
        arena.set(&message.pointee.execution_id, to: execution.executionID)
        arena.set(&message.pointee.task_id, to: execution.taskID)
        arena.set(&message.pointee.task_title, to: execution.taskTitle)
        arena.set(&message.pointee.priority, to: execution.priority)
        arena.set(&message.pointee.domain, to: execution.domain)
        arena.set(&message.pointee.complexity, to: execution.complexity)
        message.pointee.predicted_value_score = execution.predictedValueScore
        message.pointee.predicted_input_tokens = execution.predictedInputTokens
        message.pointee.predicted_output_tokens = execution.predictedOutputTokens
        message.pointee.predicted_cost = execution.predictedCost
        arena.set(&message.pointee.assigned_model, to: execution.assignedModel)
        arena.set(&message.pointee.assignment_reason, to: execution.assignmentReason)
        message.pointee.actual_input_tokens = execution.actualInputTokens
        message.pointee.actual_output_tokens = execution.actualOutputTokens
        message.pointee.actual_cost = execution.actualCost
        message.pointee.execution_time_seconds = execution.executionTimeSeconds
        message.pointee.success = cBool(execution.success)
        message.pointee.quality_score = execution.qualityScore
        message.pointee.tests_passed = execution.testsPassed
        message.pointee.tests_failed = execution.testsFailed
        message.pointee.bugs_introduced = execution.bugsIntroduced
        message.pointee.revision_needed = cBool(execution.revisionNeeded)
        if let satisfaction = execution.stakeholderSatisfaction {
            message.pointee.stakeholder_satisfaction_value_case =
                ARBITER__V1__TASK_EXECUTION__STAKEHOLDER_SATISFACTION_VALUE_STAKEHOLDER_SATISFACTION
            message.pointee.stakeholder_satisfaction = satisfaction
        }
        if let delivered = execution.valueDelivered {
            message.pointee.value_delivered_value_case =
                ARBITER__V1__TASK_EXECUTION__VALUE_DELIVERED_VALUE_VALUE_DELIVERED
            message.pointee.value_delivered = delivered
        }
        message.pointee.timestamp_ms = execution.timestampMs
        arena.set(&message.pointee.worker_id, to: execution.workerID)
        arena.set(&message.pointee.workspace, to: execution.workspace)
        arena.set(&message.pointee.ab_test_id, to: execution.abTestID)
        arena.set(&message.pointee.ab_variant, to: execution.abVariant)
        message.pointee.attempt = execution.attempt
        return message
    }

    /// Field paths in thrown errors are relative to the execution (`task_id`).
    static func execution(from message: UnsafePointer<Arbiter__V1__TaskExecution>) throws(ArbiterError) -> TaskExecution {
        let m = message.pointee
        return TaskExecution(
            executionID: try string(m.execution_id, field: "execution_id"),
            taskID: try string(m.task_id, field: "task_id"),
            taskTitle: try string(m.task_title, field: "task_title"),
            priority: try string(m.priority, field: "priority"),
            domain: try string(m.domain, field: "domain"),
            complexity: try string(m.complexity, field: "complexity"),
            predictedValueScore: m.predicted_value_score,
            predictedInputTokens: m.predicted_input_tokens,
            predictedOutputTokens: m.predicted_output_tokens,
            predictedCost: m.predicted_cost,
            assignedModel: try string(m.assigned_model, field: "assigned_model"),
            assignmentReason: try string(m.assignment_reason, field: "assignment_reason"),
            actualInputTokens: m.actual_input_tokens,
            actualOutputTokens: m.actual_output_tokens,
            actualCost: m.actual_cost,
            executionTimeSeconds: m.execution_time_seconds,
            success: bool(m.success),
            qualityScore: m.quality_score,
            testsPassed: m.tests_passed,
            testsFailed: m.tests_failed,
            bugsIntroduced: m.bugs_introduced,
            revisionNeeded: bool(m.revision_needed),
            stakeholderSatisfaction: m.stakeholder_satisfaction_value_case
                == ARBITER__V1__TASK_EXECUTION__STAKEHOLDER_SATISFACTION_VALUE_STAKEHOLDER_SATISFACTION
                ? m.stakeholder_satisfaction : nil,
            valueDelivered: m.value_delivered_value_case
                == ARBITER__V1__TASK_EXECUTION__VALUE_DELIVERED_VALUE_VALUE_DELIVERED
                ? m.value_delivered : nil,
            timestampMs: m.timestamp_ms,
            workerID: try string(m.worker_id, field: "worker_id"),
            workspace: try string(m.workspace, field: "workspace"),
            abTestID: try string(m.ab_test_id, field: "ab_test_id"),
            abVariant: try string(m.ab_variant, field: "ab_variant"),
            attempt: m.attempt
        )
    }

    /// A missing execution reads as an empty one (proto3 semantics); the server's validator
    /// then names the first required field it lacks.
    static func execution(from message: UnsafeMutablePointer<Arbiter__V1__TaskExecution>?) throws(ArbiterError) -> TaskExecution {
        guard let message else { return TaskExecution() }
        return try execution(from: UnsafePointer(message))
    }

    static func makeExecutions(
        _ executions: [TaskExecution],
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__RecordExecutionsRequest> {
        let message = arena.make(arbiter__v1__record_executions_request__init)
        guard !executions.isEmpty else { return message }
        let array = arena.storage(for: UnsafeMutablePointer<Arbiter__V1__TaskExecution>?.self, count: executions.count)
        for (index, execution) in executions.enumerated() {
            (array + index).initialize(to: makeExecution(execution, in: arena))
        }
        message.pointee.n_executions = executions.count
        message.pointee.executions = array
        return message
    }

    /// Field paths in thrown errors are relative to the request (`executions[3].domain`).
    static func executions(
        from message: UnsafeMutablePointer<Arbiter__V1__RecordExecutionsRequest>?
    ) throws(ArbiterError) -> [TaskExecution] {
        guard let message, message.pointee.n_executions > 0, let array = message.pointee.executions else { return [] }
        let count = message.pointee.n_executions
        var executions: [TaskExecution] = []
        executions.reserveCapacity(count)
        for index in 0..<count {
            do throws(ArbiterError) {
                executions.append(try execution(from: array[index]))
            } catch {
                throw error.nested(under: "executions[\(index)]")
            }
        }
        return executions
    }
}
