import ArbiterCore
import Testing

/// One validation rule on one side of its limit.
struct ValidationCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// The field the validator must blame; nil when the execution is valid.
    let field: String?
    let change: @Sendable (inout TaskExecution) -> Void

    var testDescription: String { name }

    static let valid = TaskExecution(
        executionID: "exec-1", taskID: "task-1", taskTitle: "Fix the login bug",
        priority: "P1", domain: "data_science", complexity: "very_complex",
        predictedValueScore: 5, predictedInputTokens: 1000, predictedOutputTokens: 500, predictedCost: 0.1,
        assignedModel: "model-a", assignmentReason: "cold_start",
        actualInputTokens: 900, actualOutputTokens: 600, actualCost: 0.12, executionTimeSeconds: 12,
        success: true, qualityScore: 8, testsPassed: 10, testsFailed: 1, bugsIntroduced: 0, revisionNeeded: false,
        stakeholderSatisfaction: 4, valueDelivered: 6, timestampMs: 1_700_000_000_000,
        workerID: "worker-1", workspace: "/src/app"
    )

    static func set(_ e: inout TaskExecution, string field: String, _ value: String) {
        switch field {
        case "execution_id": e.executionID = value
        case "task_id": e.taskID = value
        case "task_title": e.taskTitle = value
        case "priority": e.priority = value
        case "domain": e.domain = value
        case "complexity": e.complexity = value
        case "assigned_model": e.assignedModel = value
        case "assignment_reason": e.assignmentReason = value
        case "worker_id": e.workerID = value
        case "workspace": e.workspace = value
        default: fatalError("unknown string field \(field)")
        }
    }

    static func set(_ e: inout TaskExecution, double field: String, _ value: Double?) {
        switch field {
        case "predicted_value_score": e.predictedValueScore = value!
        case "predicted_cost": e.predictedCost = value!
        case "actual_cost": e.actualCost = value!
        case "execution_time_seconds": e.executionTimeSeconds = value!
        case "quality_score": e.qualityScore = value!
        case "stakeholder_satisfaction": e.stakeholderSatisfaction = value
        case "value_delivered": e.valueDelivered = value
        default: fatalError("unknown double field \(field)")
        }
    }

    static func set(_ e: inout TaskExecution, integer field: String, _ value: Int64) {
        switch field {
        case "predicted_input_tokens": e.predictedInputTokens = value
        case "predicted_output_tokens": e.predictedOutputTokens = value
        case "actual_input_tokens": e.actualInputTokens = value
        case "actual_output_tokens": e.actualOutputTokens = value
        case "tests_passed": e.testsPassed = value
        case "tests_failed": e.testsFailed = value
        case "bugs_introduced": e.bugsIntroduced = value
        case "timestamp_ms": e.timestampMs = value
        default: fatalError("unknown integer field \(field)")
        }
    }

    static func string(_ field: String, _ label: String, _ value: String, accepted: Bool) -> ValidationCase {
        ValidationCase(name: "\(field) \(label)", field: accepted ? nil : field) { set(&$0, string: field, value) }
    }

    static func double(_ field: String, _ value: Double?, accepted: Bool) -> ValidationCase {
        ValidationCase(name: "\(field) = \(value.map { "\($0)" } ?? "nil")", field: accepted ? nil : field) {
            set(&$0, double: field, value)
        }
    }

    static func integer(_ field: String, _ value: Int64, accepted: Bool) -> ValidationCase {
        ValidationCase(name: "\(field) = \(value)", field: accepted ? nil : field) { set(&$0, integer: field, value) }
    }

    static var all: [ValidationCase] {
        var cases = [ValidationCase(name: "the baseline", field: nil) { _ in }]

        let texts: [(field: String, limit: Int, required: Bool)] = [
            ("execution_id", 256, false), ("task_id", 256, true), ("task_title", 1024, false),
            ("priority", 256, true), ("domain", 256, true), ("complexity", 256, true),
            ("assigned_model", 256, true), ("assignment_reason", 256, false),
            ("worker_id", 256, false), ("workspace", 1024, false),
        ]
        for (field, limit, required) in texts {
            cases += [
                string(field, "empty", "", accepted: !required),
                string(field, "at \(limit) ASCII bytes", String(repeating: "a", count: limit), accepted: true),
                string(field, "at \(limit + 1) ASCII bytes", String(repeating: "a", count: limit + 1), accepted: false),
                // é is two UTF-8 bytes: the limit counts bytes, not characters.
                string(field, "at \(limit) bytes of é", String(repeating: "é", count: limit / 2), accepted: true),
                string(field, "at \(limit + 2) bytes of é", String(repeating: "é", count: limit / 2 + 1), accepted: false),
                string(field, "with a NUL", "a\u{0}b", accepted: false),
                string(field, "with a trailing NUL", "ab\u{0}", accepted: false),
                string(field, "with underscores and Unicode", "data_science_日本_🚀", accepted: true),
            ]
        }

        for field in ["predicted_value_score", "predicted_cost", "actual_cost", "execution_time_seconds", "value_delivered"] {
            cases += [
                double(field, 0, accepted: true),
                double(field, 1e300, accepted: true),
                double(field, -1e-9, accepted: false),
                double(field, -5, accepted: false),
                double(field, .nan, accepted: false),
                double(field, .infinity, accepted: false),
                double(field, -.infinity, accepted: false),
            ]
        }
        cases += [
            double("quality_score", 0, accepted: true),
            double("quality_score", 10, accepted: true),
            double("quality_score", -0.001, accepted: false),
            double("quality_score", 10.001, accepted: false),
            double("quality_score", .nan, accepted: false),
            double("quality_score", .infinity, accepted: false),
            double("stakeholder_satisfaction", nil, accepted: true),
            double("stakeholder_satisfaction", 1, accepted: true),
            double("stakeholder_satisfaction", 5, accepted: true),
            double("stakeholder_satisfaction", 0.999, accepted: false),
            double("stakeholder_satisfaction", 5.001, accepted: false),
            double("stakeholder_satisfaction", .nan, accepted: false),
            double("stakeholder_satisfaction", -.infinity, accepted: false),
            double("value_delivered", nil, accepted: true),
        ]

        for field in ["predicted_input_tokens", "predicted_output_tokens", "actual_input_tokens", "actual_output_tokens"] {
            cases += [
                integer(field, 0, accepted: true),
                integer(field, 1_000_000_000_000, accepted: true),
                integer(field, 1_000_000_000_001, accepted: false),
                integer(field, -1, accepted: false),
            ]
        }
        for field in ["tests_passed", "tests_failed", "bugs_introduced"] {
            cases += [
                integer(field, 0, accepted: true),
                integer(field, 1_000_000_000, accepted: true),
                integer(field, 1_000_000_001, accepted: false),
                integer(field, -1, accepted: false),
            ]
        }
        cases += [
            integer("timestamp_ms", 0, accepted: true),
            integer("timestamp_ms", .max, accepted: true),
            integer("timestamp_ms", -1, accepted: false),
        ]
        return cases
    }
}

@Suite struct ExecutionValidatorTests {
    let validator = ExecutionValidator()

    @Test(arguments: ValidationCase.all)
    func rule(_ rule: ValidationCase) {
        var e = ValidationCase.valid
        rule.change(&e)
        do throws(ArbiterError) {
            try validator.validate(e)
            #expect(rule.field == nil, "accepted, but \(rule.field ?? "") should have been rejected")
        } catch {
            #expect(error.field == rule.field, "\(error)")
            #expect(error.code == .invalidArgument)
            #expect(error.message.hasPrefix(error.field + " "), "the message names the field: \(error.message)")
        }
    }

    @Test func messagesSayWhatIsAllowed() throws {
        func message(_ change: (inout TaskExecution) -> Void) -> String {
            var e = ValidationCase.valid
            change(&e)
            do throws(ArbiterError) {
                try validator.validate(e)
                return ""
            } catch {
                return error.message
            }
        }
        #expect(message { $0.qualityScore = 11 } == "quality_score must be between 0 and 10; got 11.0")
        #expect(message { $0.stakeholderSatisfaction = 0 } == "stakeholder_satisfaction must be between 1 and 5; got 0.0")
        #expect(message { $0.taskID = "" } == "task_id must not be empty")
        #expect(message { $0.actualCost = -2 } == "actual_cost must not be negative; got -2.0")
        #expect(message { $0.executionTimeSeconds = .nan } == "execution_time_seconds must be a finite number; got nan")
        #expect(message { $0.taskTitle = String(repeating: "x", count: 2000) }
            == "task_title is 2000 bytes of UTF-8; at most 1024 are allowed")
        #expect(message { $0.testsFailed = -3 } == "tests_failed must be between 0 and 1000000000; got -3")
        #expect(message { $0.domain = "a\u{0}" } == "domain must not contain NUL (\\0) characters")
        #expect(message { $0.timestampMs = -1 }.hasPrefix("timestamp_ms must not be negative"))
    }

    @Test func firstErrorInFieldOrderWins() {
        var e = ValidationCase.valid
        e.workspace = "\u{0}"
        e.timestampMs = -1
        e.qualityScore = 42
        e.actualInputTokens = -1
        e.priority = ""
        e.taskID = String(repeating: "t", count: 300)
        let expected = ["task_id", "priority", "actual_input_tokens", "quality_score", "timestamp_ms", "workspace"]
        for field in expected {
            do throws(ArbiterError) {
                try validator.validate(e)
                Issue.record("accepted an execution with a bad \(field)")
            } catch {
                #expect(error.field == field)
            }
            // Repair the field just reported; the next one in proto order must surface.
            switch field {
            case "task_id": e.taskID = "t"
            case "priority": e.priority = "P0"
            case "actual_input_tokens": e.actualInputTokens = 0
            case "quality_score": e.qualityScore = 1
            case "timestamp_ms": e.timestampMs = 0
            default: e.workspace = ""
            }
        }
        #expect(throws: Never.self) { try validator.validate(e) }
    }

    @Test func customLimits() {
        let strict = ExecutionValidator(limits: ExecutionLimits(
            maxIdentifierLength: 4, maxTitleLength: 3, maxWorkspaceLength: 2, maxTokens: 10, maxCount: 5
        ))
        var e = TaskExecution(taskID: "t", taskTitle: "abc", priority: "P0", domain: "d", complexity: "c", assignedModel: "m", workspace: "ws")
        #expect(throws: Never.self) { try strict.validate(e) }
        e.taskID = "abcde"
        #expect(throws: ArbiterError(.invalidArgument, "task_id is 5 bytes of UTF-8; at most 4 are allowed", field: "task_id")) {
            try strict.validate(e)
        }
        e.taskID = "t"
        e.actualOutputTokens = 11
        #expect(throws: ArbiterError.self) { try strict.validate(e) }
        e.actualOutputTokens = 10
        e.bugsIntroduced = 6
        #expect(throws: ArbiterError.self) { try strict.validate(e) }
    }

    @Test func countsNeverExceedWhatTheStoreHolds() {
        let loose = ExecutionValidator(limits: ExecutionLimits(maxCount: .max))
        var e = ValidationCase.valid
        e.testsPassed = Int64(Int32.max)
        #expect(throws: Never.self) { try loose.validate(e) }
        e.testsPassed = Int64(Int32.max) + 1
        #expect(throws: ArbiterError.self) { try loose.validate(e) }
    }

    @Test func identifiersNeverExceedWhatTheStoreHolds() {
        let loose = ExecutionValidator(limits: ExecutionLimits(maxIdentifierLength: 1_000_000))
        var e = ValidationCase.valid
        e.executionID = String(repeating: "i", count: 65_535)
        #expect(throws: Never.self) { try loose.validate(e) }
        e.executionID = String(repeating: "i", count: 65_536)
        #expect(throws: ArbiterError.self) { try loose.validate(e) }
    }

    @Test func defaultLimits() {
        let limits = ExecutionLimits()
        #expect(limits.maxIdentifierLength == 256)
        #expect(limits.maxTitleLength == 1024)
        #expect(limits.maxWorkspaceLength == 1024)
        #expect(limits.maxTokens == 1_000_000_000_000)
        #expect(limits.maxCount == 1_000_000_000)
    }
}
