import ArbiterCore
import Testing

@Suite struct RunningEstimatesTests {
    func execution(
        success: Bool = true, quality: Double = 5, time: Double = 10, cost: Double = 1, value: Double? = nil,
        predicted: (Int64, Int64) = (100, 100), actual: (Int64, Int64) = (100, 100), timestampMs: Int64 = 1
    ) -> TaskExecution {
        TaskExecution(
            taskID: "t", priority: "P1", domain: "d", complexity: "c",
            predictedInputTokens: predicted.0, predictedOutputTokens: predicted.1, assignedModel: "m",
            actualInputTokens: actual.0, actualOutputTokens: actual.1, actualCost: cost, executionTimeSeconds: time,
            success: success, qualityScore: quality, valueDelivered: value, timestampMs: timestampMs
        )
    }

    @Test func everyAverageStartsAtItsFirstObservation() {
        var r = RunningEstimates()
        r.update(with: execution(success: true, quality: 7, time: 30, cost: 2, value: 5, predicted: (100, 200), actual: (150, 100)), alpha: 0.1, costEfficiencyObserved: false)
        #expect(r.successRate == 1)
        #expect(r.avgQualityScore == 7)
        #expect(r.avgExecutionTime == 30)
        #expect(r.avgTokenEfficiency == (1.5 + 0.5) / 2)
        #expect(r.avgCostEfficiency == 2.5)
        #expect(r.totalTasks == 1)
    }

    @Test func laterObservationsBlendWithAlpha() {
        var r = RunningEstimates()
        r.update(with: execution(success: true, quality: 7, time: 30), alpha: 0.1, costEfficiencyObserved: false)
        r.update(with: execution(success: false, quality: 3, time: 10), alpha: 0.1, costEfficiencyObserved: false)
        #expect(r.successRate == 0.9)
        #expect(DirectPerformance.close(r.avgQualityScore, 6.6))
        #expect(DirectPerformance.close(r.avgExecutionTime, 28))
        #expect(r.totalTasks == 2)
    }

    @Test func tokenEfficiencyTreatsZeroPredictionsAsOne() {
        let e = execution(predicted: (0, 0), actual: (4, 6))
        #expect(RunningEstimates.tokenEfficiency(e) == 5)
    }

    @Test func costEfficiencyIgnoresExecutionsWithoutValueOrCost() {
        var table = PerformanceTable()
        func apply(_ e: TaskExecution) -> Double {
            table.apply(e)
            return table.cell(model: "m", priority: "P1", domain: "d", complexity: "c")!.running.avgCostEfficiency
        }
        #expect(apply(execution(cost: 1, value: nil)) == 0)
        #expect(apply(execution(cost: 0, value: 4)) == 0)
        // The first usable execution sets the average even though it is the third task.
        #expect(apply(execution(cost: 2, value: 4)) == 2)
        #expect(apply(execution(cost: 0, value: 100)) == 2)
        #expect(DirectPerformance.close(apply(execution(cost: 1, value: 1)), 1.9))
    }

    @Test func aZeroCostEfficiencyStillCountsAsAnObservation() {
        var table = PerformanceTable()
        table.apply(TaskExecution(executionID: "1", taskID: "t", priority: "P", domain: "d", complexity: "c", assignedModel: "m", actualCost: 1, valueDelivered: 0))
        table.apply(TaskExecution(executionID: "2", taskID: "t", priority: "P", domain: "d", complexity: "c", assignedModel: "m", actualCost: 1, valueDelivered: 10))
        #expect(DirectPerformance.close(table.cell(model: "m", priority: "P", domain: "d", complexity: "c")!.running.avgCostEfficiency, 1))
    }

    @Test func confidenceGrowsToNinetyFivePercentAtOneHundredTasks() {
        var r = RunningEstimates()
        var seen: [Int: Double] = [:]
        for i in 1...150 {
            r.update(with: execution(), alpha: 0.1, costEfficiencyObserved: false)
            seen[i] = r.confidence
        }
        #expect(seen[1] == 0.5 + 1.0 / 100 * 0.45)
        #expect(DirectPerformance.close(seen[50]!, 0.725))
        #expect(seen[100] == 0.95)
        #expect(seen[150] == 0.95)
        #expect(RunningEstimates.confidence(totalTasks: 0) == 0.5)
        #expect((1...150).allSatisfy { seen[$0] == min(0.95, 0.5 + Double($0) / 100 * 0.45) })
    }

    @Test func lastUpdatedIsTheNewestTimestampSeen() {
        var r = RunningEstimates()
        r.update(with: execution(timestampMs: 500), alpha: 0.1, costEfficiencyObserved: false)
        r.update(with: execution(timestampMs: 200), alpha: 0.1, costEfficiencyObserved: false)
        #expect(r.lastUpdatedMs == 500)
        r.update(with: execution(timestampMs: 900), alpha: 0.1, costEfficiencyObserved: false)
        #expect(r.lastUpdatedMs == 900)
    }
}
