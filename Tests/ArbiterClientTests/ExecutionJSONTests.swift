import ArbiterClient
import ArbiterCore
import Foundation
import Testing

@Suite struct ExecutionJSONTests {
    static let full = TaskExecution(
        executionID: "e-1",
        taskID: "T-42",
        taskTitle: "Fix \"quotes\" and / slashes ✓",
        priority: "P1",
        domain: "backend",
        complexity: "medium",
        predictedValueScore: 7.5,
        predictedInputTokens: 12_000,
        predictedOutputTokens: 3_000,
        predictedCost: 0.125,
        assignedModel: "model-a",
        assignmentReason: "learned_best",
        actualInputTokens: 11_500,
        actualOutputTokens: 9_223_372_036_854_775_807,
        actualCost: 0.1,
        executionTimeSeconds: 42.25,
        success: true,
        qualityScore: 8.5,
        testsPassed: 10,
        testsFailed: 1,
        bugsIntroduced: 0,
        revisionNeeded: true,
        stakeholderSatisfaction: 4.5,
        valueDelivered: 7,
        timestampMs: 1_700_000_000_123,
        workerID: "w-1",
        workspace: "main",
        abTestID: "ab-1",
        abVariant: "treatment",
        attempt: 2
    )

    @Test func roundTripsThroughALine() throws {
        let line = ExecutionJSON.line(for: Self.full)
        #expect(!line.contains("\n"))
        #expect(line.contains(#""task_id":"T-42""#))
        #expect(try ExecutionJSON.parse(line) == Self.full)

        let minimal = TaskExecution(taskID: "T-1")
        let minimalLine = ExecutionJSON.line(for: minimal)
        #expect(!minimalLine.contains("stakeholder_satisfaction"))
        #expect(!minimalLine.contains("value_delivered"))
        #expect(try ExecutionJSON.parse(minimalLine) == minimal)
    }

    @Test func objectUsesProtoFieldNames() {
        let object = ExecutionJSON.object(for: Self.full)
        #expect(object.count == 30)
        #expect(object["attempt"] as? UInt32 == 2)
        #expect(object["predicted_input_tokens"] as? Int64 == 12_000)
        #expect(object["success"] as? Bool == true)
        #expect(object["value_delivered"] as? Double == 7)
        #expect(ExecutionJSON.object(for: TaskExecution()).count == 28)
    }

    @Test func parsesProto3JSONValueForms() throws {
        let execution = try ExecutionJSON.parse(
            """
            {"task_id": "T", "predicted_input_tokens": "9223372036854775807", "actual_input_tokens": 1e3,
             "tests_passed": -3, "predicted_cost": "0.5", "quality_score": 9, "actual_cost": "Infinity",
             "execution_time_seconds": "NaN", "success": false, "revision_needed": true,
             "stakeholder_satisfaction": null, "value_delivered": "-Infinity", "task_title": null,
             "timestamp_ms": "1700000000000"}
            """
        )
        #expect(execution.taskID == "T")
        #expect(execution.predictedInputTokens == .max)
        #expect(execution.actualInputTokens == 1000)
        #expect(execution.testsPassed == -3)
        #expect(execution.predictedCost == 0.5)
        #expect(execution.qualityScore == 9)
        #expect(execution.actualCost == .infinity)
        #expect(execution.executionTimeSeconds.isNaN)
        #expect(execution.success == false)
        #expect(execution.revisionNeeded == true)
        #expect(execution.stakeholderSatisfaction == nil)
        #expect(execution.valueDelivered == -.infinity)
        #expect(execution.taskTitle == "")
        #expect(execution.timestampMs == 1_700_000_000_000)
    }

    @Test func keepsEveryBitOfNumbers() throws {
        // Foundation's JSONSerialization on Linux reads this double one ulp off.
        let execution = try ExecutionJSON.parse(#"{"quality_score": 0.7727272727272727, "tests_passed": 9007199254740993}"#)
        #expect(execution.qualityScore == 0.7727272727272727)
        #expect(execution.testsPassed == 9_007_199_254_740_993)

        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let value = Double(bitPattern: generator.next() & 0x3FEF_FFFF_FFFF_FFFF)
            let back = try ExecutionJSON.parse(ExecutionJSON.line(for: TaskExecution(actualCost: value)))
            #expect(back.actualCost == value)
        }
    }

    @Test func writesNonFiniteDoublesAsStrings() throws {
        var execution = TaskExecution(taskID: "T")
        execution.actualCost = .nan
        execution.valueDelivered = -.infinity
        let line = ExecutionJSON.line(for: execution)
        #expect(line.contains(#""actual_cost":"NaN""#))
        #expect(line.contains(#""value_delivered":"-Infinity""#))
        let back = try ExecutionJSON.parse(line)
        #expect(back.actualCost.isNaN)
        #expect(back.valueDelivered == -.infinity)
    }

    @Test func acceptsLowerCamelCaseNames() throws {
        let execution = try ExecutionJSON.parse(#"{"taskId": "T", "predictedInputTokens": 5, "timestampMs": 7, "workerId": "w"}"#)
        #expect(execution.taskID == "T")
        #expect(execution.predictedInputTokens == 5)
        #expect(execution.timestampMs == 7)
        #expect(execution.workerID == "w")
    }

    @Test(arguments: [
        (#"{"task_id": "T", "colour": "blue"}"#, "colour", "unknown field"),
        (#"{"success": 1}"#, "success", "expected true or false"),
        (#"{"success": "true"}"#, "success", "expected true or false"),
        (#"{"task_id": 5}"#, "task_id", "expected a string"),
        (#"{"tests_passed": 1.5}"#, "tests_passed", "expected an integer, got 1.5"),
        (#"{"tests_passed": "many"}"#, "tests_passed", #"expected an integer, got "many""#),
        (#"{"tests_passed": true}"#, "tests_passed", "expected an integer"),
        (#"{"tests_passed": 9223372036854775808}"#, "tests_passed", "out of the 64-bit integer range"),
        (#"{"tests_passed": "1e40"}"#, "tests_passed", "out of the 64-bit integer range"),
        (#"{"quality_score": 1e400}"#, "quality_score", "expected a number"),
        (#"{"quality_score": "high"}"#, "quality_score", #"expected a number, got "high""#),
        (#"{"quality_score": false}"#, "quality_score", "expected a number"),
        (#"{"quality_score": [1]}"#, "quality_score", "expected a number"),
        (#"{"task_id": "a", "taskId": "b"}"#, "task_id", "given twice, also as taskId"),
        (#"{"attempt": -1}"#, "attempt", "out of the 32-bit unsigned integer range"),
        (#"{"attempt": 4294967296}"#, "attempt", "out of the 32-bit unsigned integer range"),
        (#"{"attempt": 1.5}"#, "attempt", "expected an integer, got 1.5"),
    ])
    func rejectsBadFieldsNamingThem(json: String, field: String, message: String) {
        #expect(throws: ArbiterError(.invalidArgument, message, field: field)) {
            try ExecutionJSON.parse(json)
        }
    }

    @Test func rejectsWhatIsNotAnObject() {
        #expect(throws: ArbiterError(.invalidArgument, "expected a JSON object")) {
            try ExecutionJSON.parse("[1, 2]")
        }
        #expect(throws: ArbiterError(.invalidArgument, "expected a JSON object")) {
            try ExecutionJSON.parse("42")
        }
        do {
            _ = try ExecutionJSON.parse(#"{"task_id": "T""#)
            Issue.record("truncated JSON should not parse")
        } catch {
            #expect(error.code == .invalidArgument)
            #expect(error.field == "")
            #expect(error.message.hasPrefix("not valid JSON"))
        }
    }
}
