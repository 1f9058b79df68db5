import ArbiterCore
import Testing

@Suite struct ExecutionStoreTests {
    /// Field by field, with strings compared as UTF-8 bytes and doubles as bit patterns,
    /// because `==` treats "é" and "e\u{301}", and 0.0 and -0.0, as the same.
    static func identical(_ a: TaskExecution, _ b: TaskExecution) -> Bool {
        func same(_ x: String, _ y: String) -> Bool { x.utf8.elementsEqual(y.utf8) }
        func same(_ x: Double, _ y: Double) -> Bool { x.bitPattern == y.bitPattern }
        func same(_ x: Double?, _ y: Double?) -> Bool { x?.bitPattern == y?.bitPattern }
        return same(a.executionID, b.executionID) && same(a.taskID, b.taskID) && same(a.taskTitle, b.taskTitle)
            && same(a.priority, b.priority) && same(a.domain, b.domain) && same(a.complexity, b.complexity)
            && same(a.predictedValueScore, b.predictedValueScore)
            && a.predictedInputTokens == b.predictedInputTokens && a.predictedOutputTokens == b.predictedOutputTokens
            && same(a.predictedCost, b.predictedCost)
            && same(a.assignedModel, b.assignedModel) && same(a.assignmentReason, b.assignmentReason)
            && a.actualInputTokens == b.actualInputTokens && a.actualOutputTokens == b.actualOutputTokens
            && same(a.actualCost, b.actualCost) && same(a.executionTimeSeconds, b.executionTimeSeconds)
            && a.success == b.success && same(a.qualityScore, b.qualityScore)
            && a.testsPassed == b.testsPassed && a.testsFailed == b.testsFailed && a.bugsIntroduced == b.bugsIntroduced
            && a.revisionNeeded == b.revisionNeeded
            && same(a.stakeholderSatisfaction, b.stakeholderSatisfaction) && same(a.valueDelivered, b.valueDelivered)
            && a.timestampMs == b.timestampMs && same(a.workerID, b.workerID) && same(a.workspace, b.workspace)
    }

    static let executions: [TaskExecution] = {
        var generator = ExecutionGenerator(seed: 2025)
        return (0..<10_000).map { generator.arbitraryExecution(index: $0) }
    }()

    static let store: ExecutionStore = {
        var store = ExecutionStore()
        for e in executions { store.append(e) }
        return store
    }()

    @Test func roundTripsEveryFieldExactly() {
        let store = Self.store
        #expect(store.count == Self.executions.count)
        var mismatches = 0
        for (i, e) in Self.executions.enumerated() where !Self.identical(store[i], e) {
            mismatches += 1
            if mismatches <= 3 { Issue.record("row \(i): \(store[i]) != \(e)") }
        }
        #expect(mismatches == 0)
        #expect(Self.executions.contains { $0.taskTitle.isEmpty })
        #expect(Self.executions.contains { $0.valueDelivered == nil } && Self.executions.contains { $0.stakeholderSatisfaction == nil })

        var visited = 0
        store.forEach { e in
            if !Self.identical(e, Self.executions[visited]) { Issue.record("forEach row \(visited) differs") }
            visited += 1
        }
        #expect(visited == store.count)
    }

    @Test func columnsMatchTheExecutions() {
        let store = Self.store
        for (i, e) in Self.executions.enumerated().prefix(2000) {
            #expect(store.qualityScores[i].bitPattern == e.qualityScore.bitPattern)
            #expect(store.timestampsMs[i] == e.timestampMs)
            #expect(store.actualInputTokens[i] == e.actualInputTokens)
            #expect(Int64(store.testsFailed[i]) == e.testsFailed)
            #expect(store.flags[i].contains(.success) == e.success)
            #expect(store.flags[i].contains(.revisionNeeded) == e.revisionNeeded)
            #expect(store.valuesDelivered[i].isNaN == (e.valueDelivered == nil))
            #expect(store.strings[store.assignedModels[i]].utf8.elementsEqual(e.assignedModel.utf8))
            #expect(store.strings[store.workspaces[i]].utf8.elementsEqual(e.workspace.utf8))
            #expect(store.taskTitle(at: i).utf8.elementsEqual(e.taskTitle.utf8))
        }
    }

    @Test func findsEveryIDAfterTheIndexGrew() {
        let store = Self.store
        for (i, e) in Self.executions.enumerated() {
            #expect(store.index(of: e.executionID) == i)
        }
        let first = Self.executions[0].executionID
        #expect(!store.contains(executionID: ""))
        #expect(!store.contains(executionID: "never stored"))
        #expect(!store.contains(executionID: String(first.utf8.dropLast())!) || first.utf8.count <= 2)
        #expect(!store.contains(executionID: first + "x"))
        #expect(!ExecutionStore().contains(executionID: first))
    }

    @Test func idsAreMatchedByTheirBytes() {
        var store = ExecutionStore()
        store.append(TaskExecution(executionID: "é", qualityScore: 1))
        #expect(!store.contains(executionID: "e\u{301}"))
        #expect(store.insert(TaskExecution(executionID: "e\u{301}", qualityScore: 2)) == (true, 1))
        #expect(store.index(of: "é") == 0)
        #expect(store.index(of: "e\u{301}") == 1)
        #expect(store.executionID(at: 1).utf8.elementsEqual("e\u{301}".utf8))
    }

    @Test func longestIdentifiersRoundTrip() {
        var store = ExecutionStore()
        let e = TaskExecution(
            executionID: String(repeating: "é", count: 32_767) + "x",
            taskID: String(repeating: "t", count: 65_535),
            taskTitle: String(repeating: "🚀", count: 100_000)
        )
        store.append(e)
        store.append(TaskExecution(executionID: "after"))
        #expect(Self.identical(store[0], e))
        #expect(store.index(of: e.executionID) == 0)
        #expect(store.index(of: "after") == 1)
        #expect(store.index(of: String(repeating: "é", count: 40_000)) == nil)
    }

    @Test func insertingADuplicateChangesNothing() {
        var store = ExecutionStore()
        store.append(TaskExecution(executionID: "a", taskID: "first", qualityScore: 1))
        store.append(TaskExecution(executionID: "b", taskID: "second", qualityScore: 2))
        let before = store.approximateByteCount
        let outcome = store.insert(TaskExecution(executionID: "a", taskID: "other", qualityScore: 9))
        #expect(outcome == (false, 0))
        #expect(store.count == 2)
        #expect(store[0].taskID == "first" && store[0].qualityScore == 1)
        #expect(store.approximateByteCount == before)
    }

    @Test func manyInternedStrings() {
        var store = ExecutionStore()
        var executions: [TaskExecution] = []
        for i in 0..<30_000 {
            let e = TaskExecution(
                executionID: "id-\(i)", taskID: "t", priority: "P\(i % 4)", domain: "domain-\(i % 300)",
                complexity: "c", assignedModel: "model-\(i % 7)", workerID: "worker-\(i)", workspace: "/w/\(i)/日本"
            )
            executions.append(e)
            store.append(e)
        }
        #expect(store.strings.count == 4 + 300 + 1 + 7 + 1 + 30_000 + 30_000)
        #expect(store.strings.id(of: "worker-29999") != nil)
        #expect(store.strings.id(of: "worker-30000") == nil)
        for (i, e) in executions.enumerated() where !Self.identical(store[i], e) {
            Issue.record("row \(i) differs")
        }
    }

    @Test func reservingCapacityKeepsContentsAndCountsBytes() {
        var store = ExecutionStore()
        store.append(TaskExecution(executionID: "x", taskTitle: "kept"))
        let initial = store.approximateByteCount
        store.reserveCapacity(100_000, textBytes: 5_000_000)
        // Storage is chunked: reserving fills out the first chunk of every column (16,384 rows
        // of over 150 bytes) and of the text (1 MiB), and sizes the index for 100,000 ids.
        let chunkRows = ChunkedColumn<Double>.chunkCapacity
        let reserved = store.approximateByteCount
        #expect(reserved > initial + chunkRows * 150 + 1_000_000 + 100_000 * 2 * 4)
        store.reserveCapacity(100_000, textBytes: 5_000_000)
        #expect(store.approximateByteCount == reserved)
        #expect(store[0].taskTitle == "kept")
        #expect(store.index(of: "x") == 0)

        // Filling the reserved first chunk allocates nothing more; the next row starts a second chunk.
        for i in 1..<chunkRows { store.append(TaskExecution(executionID: "\(i)")) }
        #expect(store.approximateByteCount == reserved)
        store.append(TaskExecution(executionID: "\(chunkRows)"))
        #expect(store.approximateByteCount > reserved + chunkRows * 150)
        #expect(store.index(of: "999") == 999)
        #expect(store.index(of: "\(chunkRows)") == chunkRows)
        #expect(store[0].taskTitle == "kept")
    }

    /// The memory budget: under 300 bytes per execution, dedupe index included.
    @Test func bytesPerExecution() {
        var rng = SplitMix64(seed: 99)
        func hex(_ digits: Int) -> String {
            let value = String(rng.next() & ((1 << (4 * UInt64(digits))) - 1), radix: 16)
            return String(repeating: "0", count: digits - value.count) + value
        }
        let domains = ["backend", "frontend", "data_science", "infra", "docs"]
        var store = ExecutionStore()
        let count = 200_000
        for i in 0..<count {
            store.append(TaskExecution(
                executionID: "\(hex(8))-\(hex(4))-\(hex(4))-\(hex(4))-\(hex(12))",
                taskID: "TASK-\(i % 5000)",
                taskTitle: i % 3 == 0 ? "" : "Fix flaky test",
                priority: "P\(i % 4)", domain: domains[i % domains.count], complexity: "medium",
                predictedValueScore: 5, predictedInputTokens: 1000, predictedOutputTokens: 400, predictedCost: 0.02,
                assignedModel: "model-\(i % 6)", assignmentReason: "learned_best",
                actualInputTokens: 1200, actualOutputTokens: 380, actualCost: 0.03, executionTimeSeconds: 41,
                success: i % 5 != 0, qualityScore: 8, testsPassed: 12, testsFailed: 0, bugsIntroduced: 0,
                stakeholderSatisfaction: i % 2 == 0 ? 4 : nil, valueDelivered: 6,
                timestampMs: 1_700_000_000_000 + Int64(i), workerID: "worker-\(i % 16)", workspace: "/srv/repo"
            ))
        }
        let perExecution = Double(store.approximateByteCount) / Double(store.count)
        print("ExecutionStore: \(store.count) executions, \(store.approximateByteCount) bytes, \(perExecution) bytes per execution")
        #expect(perExecution < 300)
    }
}
