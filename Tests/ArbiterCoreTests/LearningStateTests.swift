import ArbiterCore
import Testing

@Suite struct LearningStateTests {
    @Test func duplicatesChangeNothing() {
        var state = LearningState(alpha: 0.2)
        let e = TaskExecution(executionID: "e-1", taskID: "t", priority: "P1", domain: "d", complexity: "c", assignedModel: "m", success: true, qualityScore: 6, timestampMs: 10)
        let first = state.apply(e)
        var again = e
        again.qualityScore = 1
        let second = state.apply(again)
        #expect(first)
        #expect(!second)
        #expect(state.executions.count == 1)
        #expect(state.executions[0].qualityScore == 6)
        let cell = state.performance.cell(model: "m", priority: "P1", domain: "d", complexity: "c")
        #expect(cell?.aggregate.count == 1)
        #expect(cell?.running.totalTasks == 1)
        #expect(cell?.running.avgQualityScore == 6)
        #expect(state.performance.alpha == 0.2)
    }

    @Test func storeAndTableAgree() {
        var generator = ExecutionGenerator(seed: 11)
        var state = LearningState()
        state.reserveCapacity(2000)
        var applied = 0
        for i in 0..<2000 where state.apply(generator.learningExecution(index: i)) {
            applied += 1
        }
        let duplicateApplied = state.apply(generator.learningExecution(index: 5))
        #expect(applied == 2000)
        #expect(!duplicateApplied)
        #expect(state.executions.count == 2000)
        let rows = state.performance.rows(PerformanceQuery(groupBy: [.model]))
        #expect(rows.map(\.totalTasks).reduce(0, +) == 2000)
        var replayed: [TaskExecution] = []
        state.executions.forEach { replayed.append($0) }
        DirectPerformance.expect(state.performance.rows(PerformanceQuery(groupBy: [.domain]))[0],
                                 equals: PerformanceTableTests.expectedRows(PerformanceQuery(groupBy: [.domain]), replayed)[0], "domain rollup")
    }
}
