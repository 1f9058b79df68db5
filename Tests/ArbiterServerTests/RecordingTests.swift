import ArbiterClient
import ArbiterCore
import ArbiterWire
import Testing

/// Recording through a real server and reading back what it learned.
@Suite(.serialized)
struct RecordingTests {
    @Test func recordedExecutionsShowUpInPerformanceAndStatus() throws {
        let server = try TestServer()
        let client = try server.connect()
        var factory = ExecutionFactory(seed: 7)
        var sent: [TaskExecution] = []
        for index in 0..<200 {
            let execution = factory.execution(id: "exec-\(index)")
            sent.append(execution)
            let outcome = try client.record(execution)
            #expect(outcome == RecordOutcome(executionID: "exec-\(index)", duplicate: false))
        }
        var expected = PerformanceTable(alpha: 0.1)
        for execution in sent { expected.apply(execution) }

        for groupBy in [Set<Dimension>(), [.model], [.model, .domain], [.priority, .complexity]] {
            let rows = try client.performance(PerformanceQuery(groupBy: groupBy))
            #expect(rows == expected.rows(PerformanceQuery(groupBy: groupBy)))
            #expect(rows.reduce(0) { $0 + $1.totalTasks } == 200)
        }
        let filtered = try client.performance(PerformanceQuery(model: "opus-4.6", groupBy: [.model]))
        #expect(filtered.count == 1)
        #expect(filtered.first?.totalTasks == sent.filter { $0.assignedModel == "opus-4.6" }.count)

        let status = try client.status()
        #expect(status.executionsStored == 200)
        #expect(status.models == 3)
        #expect(status.taskTypes == Set(sent.map(\.taskType)).count)
        #expect(status.fsyncMode == "always")
        #expect(!status.version.isEmpty)
        #expect(status.walBytes > 0)
    }

    @Test func sameExecutionIDTwiceIsStoredOnce() throws {
        let server = try TestServer()
        let client = try server.connect()
        var factory = ExecutionFactory(seed: 11)
        let execution = factory.execution(id: "retry-me")
        #expect(try client.record(execution).duplicate == false)
        let before = try client.performance(PerformanceQuery())
        var changed = execution
        changed.qualityScore = 0
        #expect(try client.record(changed).duplicate == true)
        #expect(try client.performance(PerformanceQuery()) == before)
        #expect(try client.status().executionsStored == 1)
    }

    @Test func emptyExecutionIDGetsAServerUUID() throws {
        let server = try TestServer()
        let client = try server.connect()
        var factory = ExecutionFactory(seed: 12)
        let outcome = try client.record(factory.execution(id: ""))
        #expect(outcome.executionID.count == 36)
        #expect(outcome.executionID.split(separator: "-").count == 5)
    }

    /// One way to break an execution, and the field the server must blame.
    enum Breakage: CaseIterable, Sendable {
        case emptyTaskID, emptyPriority, emptyModel, qualityAboveTen, satisfactionZero
        case negativeTokens, nanCost, infiniteTime, overlongTaskID

        var field: String {
            switch self {
            case .emptyTaskID, .overlongTaskID: "task_id"
            case .emptyPriority: "priority"
            case .emptyModel: "assigned_model"
            case .qualityAboveTen: "quality_score"
            case .satisfactionZero: "stakeholder_satisfaction"
            case .negativeTokens: "actual_input_tokens"
            case .nanCost: "actual_cost"
            case .infiniteTime: "execution_time_seconds"
            }
        }

        func apply(to execution: inout TaskExecution) {
            switch self {
            case .emptyTaskID: execution.taskID = ""
            case .emptyPriority: execution.priority = ""
            case .emptyModel: execution.assignedModel = ""
            case .qualityAboveTen: execution.qualityScore = 10.5
            case .satisfactionZero: execution.stakeholderSatisfaction = 0
            case .negativeTokens: execution.actualInputTokens = -1
            case .nanCost: execution.actualCost = .nan
            case .infiniteTime: execution.executionTimeSeconds = .infinity
            case .overlongTaskID: execution.taskID = String(repeating: "x", count: 10_000)
            }
        }
    }

    @Test(arguments: Breakage.allCases)
    func invalidExecutionIsRejectedNamingTheField(_ breakage: Breakage) throws {
        let server = try TestServer()
        let client = try server.connect()
        var factory = ExecutionFactory(seed: 13)
        var execution = factory.execution(id: "bad")
        breakage.apply(to: &execution)
        let error = #expect(throws: ArbiterError.self) { try client.record(execution) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "execution.\(breakage.field)")
        #expect(try client.status().executionsStored == 0)
        // The server keeps serving after rejecting.
        #expect(try client.record(factory.execution(id: "good")).duplicate == false)
    }

    @Test func batchKeepsGoodItemsAndRejectsBadOnesByIndex() throws {
        let server = try TestServer()
        let client = try server.connect()
        var factory = ExecutionFactory(seed: 17)
        _ = try client.record(factory.execution(id: "already"))
        var batch = (0..<10).map { factory.execution(id: "b-\($0)") }
        batch[3].qualityScore = -1
        batch[7].domain = ""
        batch[5].executionID = "already"
        batch[8].executionID = "b-0"
        let outcome = try client.record(batch: batch)
        #expect(outcome.accepted == 6)
        #expect(outcome.duplicates == 2)
        #expect(outcome.rejected.map(\.index) == [3, 7])
        #expect(outcome.rejected.map(\.error.field) == ["executions[3].quality_score", "executions[7].domain"])
        #expect(outcome.executionIDs[3] == "")
        #expect(outcome.executionIDs[5] == "already")
        #expect(try client.status().executionsStored == 7)
    }

    @Test func oversizedBatchIsRefusedWhole() throws {
        let server = try TestServer(extraArguments: ["--max-batch-size", "100"])
        let client = try server.connect()
        var factory = ExecutionFactory(seed: 19)
        let batch = (0..<101).map { factory.execution(id: "o-\($0)") }
        let error = #expect(throws: ArbiterError.self) { try client.record(batch: batch) }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.field == "executions")
        #expect(try client.status().executionsStored == 0)
        #expect(try client.record(batch: Array(batch.prefix(100))).accepted == 100)
    }
}
