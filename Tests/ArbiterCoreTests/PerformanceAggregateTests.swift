import ArbiterCore
import Testing

@Suite struct PerformanceAggregateTests {
    func aggregate(_ executions: [TaskExecution]) -> PerformanceAggregate {
        var aggregate = PerformanceAggregate()
        for e in executions { aggregate.add(e) }
        return aggregate
    }

    @Test func emptyAggregateIsAllZero() {
        let row = PerformanceAggregate().performanceRow(model: "m")
        var expected = PerformanceRow()
        expected.model = "m"
        #expect(row == expected)
    }

    @Test func stddevIsTheSampleStddevAndZeroForOneExecution() {
        let one = aggregate([TaskExecution(qualityScore: 7)])
        #expect(one.performanceRow().qualityStddev == 0)
        #expect(one.performanceRow().avgQualityScore == 7)
        let two = aggregate([TaskExecution(qualityScore: 2), TaskExecution(qualityScore: 4)])
        #expect(two.performanceRow().qualityStddev == 2.0.squareRoot())
        let same = aggregate(Array(repeating: TaskExecution(qualityScore: 3.3), count: 10))
        #expect(same.performanceRow().qualityStddev == 0)
    }

    @Test func ratiosSkipWhatTheyCannotDivideBy() {
        let row = aggregate([
            TaskExecution(predictedInputTokens: 100, predictedOutputTokens: 0, actualInputTokens: 150, actualOutputTokens: 9, actualCost: 2, valueDelivered: 8),
            TaskExecution(predictedInputTokens: 0, predictedOutputTokens: 50, actualInputTokens: 7, actualOutputTokens: 25, actualCost: 0, valueDelivered: 5),
            TaskExecution(predictedInputTokens: 200, predictedOutputTokens: 100, actualInputTokens: 100, actualOutputTokens: 100, actualCost: 1, valueDelivered: nil),
        ]).performanceRow()
        #expect(row.inputTokenSamples == 2)
        #expect(row.inputTokenAccuracy == (1.5 + 0.5) / 2)
        #expect(row.outputTokenSamples == 2)
        #expect(row.outputTokenAccuracy == (0.5 + 1) / 2)
        #expect(row.valuePerDollarSamples == 1)
        #expect(row.valuePerDollar == 4)
    }

    @Test func noRatioSamplesMeansZero() {
        let row = aggregate([TaskExecution(actualInputTokens: 10, actualCost: 0, valueDelivered: 3)]).performanceRow()
        #expect(row.inputTokenAccuracy == 0 && row.inputTokenSamples == 0)
        #expect(row.valuePerDollar == 0 && row.valuePerDollarSamples == 0)
    }

    @Test func lastUpdatedIsTheNewestTimestampWhateverTheOrder() {
        let row = aggregate([TaskExecution(timestampMs: 50), TaskExecution(timestampMs: 900), TaskExecution(timestampMs: 10)]).performanceRow()
        #expect(row.lastUpdatedMs == 900)
    }

    @Test(arguments: [1, 2, 3, 7, 50])
    func mergingAnySplitEqualsAddingEverything(parts: Int) {
        var generator = ExecutionGenerator(seed: UInt64(parts))
        let executions = (0..<3000).map { generator.learningExecution(index: $0) }
        // Random cut points, merged in a shuffled order.
        var cuts = (0..<(parts - 1)).map { _ in Int.random(in: 0...executions.count, using: &generator.rng) }
        cuts = [0] + cuts.sorted() + [executions.count]
        var pieces = (0..<parts).map { aggregate(Array(executions[cuts[$0]..<cuts[$0 + 1]])) }
        pieces.shuffle(using: &generator.rng)
        var merged = PerformanceAggregate()
        for piece in pieces { merged.merge(piece) }
        #expect(merged.count == executions.count)
        DirectPerformance.expect(merged.performanceRow(), equals: DirectPerformance.row(executions), "\(parts) parts")
        DirectPerformance.expect(aggregate(executions).performanceRow(), equals: DirectPerformance.row(executions), "sequential")
    }

    @Test func mergingEmptyChangesNothing() {
        let some = aggregate([TaskExecution(success: true, qualityScore: 4), TaskExecution(qualityScore: 6)])
        var left = some
        left.merge(PerformanceAggregate())
        var right = PerformanceAggregate()
        right.merge(some)
        #expect(left == some)
        #expect(right == some)
    }

    /// Qualities that agree to 7 digits: sum-of-squares variance would cancel to noise.
    @Test func varianceStaysAccurateWhenValuesNearlyAgree() {
        var rng = SplitMix64(seed: 7)
        let executions = (0..<20_000).map { _ in TaskExecution(qualityScore: 9.999 + Double.random(in: 0..<1e-6, using: &rng)) }
        let direct = DirectPerformance.row(executions)
        #expect(DirectPerformance.close(aggregate(executions).performanceRow().qualityStddev, direct.qualityStddev, relative: 1e-9))
        var merged = PerformanceAggregate()
        for start in stride(from: 0, to: executions.count, by: 777) {
            merged.merge(aggregate(Array(executions[start..<min(start + 777, executions.count)])))
        }
        #expect(DirectPerformance.close(merged.performanceRow().qualityStddev, direct.qualityStddev, relative: 1e-9))
    }

    @Test func compensatedSumsSurviveMixedMagnitudes() {
        var sum = CompensatedSum()
        for x in [1e16, 1.0, -1e16, 1.0, 3e-5] { sum.add(x) }
        #expect(DirectPerformance.close(sum.value, 2.00003, relative: 1e-15))
        var other = CompensatedSum()
        other.add(.infinity)
        other.add(1)
        #expect(other.value == .infinity)
    }
}
