/// Exact sufficient statistics for a group of executions, mergeable in any order.
///
/// Rollups merge these instead of averaging averages, so a row grouped by model alone
/// equals a direct computation over that model's executions.
public struct PerformanceAggregate: Sendable, Hashable {
    public private(set) var count: Int = 0
    public private(set) var successes: Int = 0
    /// Mean of quality_score (Welford), stable where sum-of-squares would cancel.
    public private(set) var qualityMean: Double = 0
    /// Sum of squared deviations of quality_score from `qualityMean` (Welford's M2).
    public private(set) var qualityM2: Double = 0
    public private(set) var executionTime = CompensatedSum()
    /// Sum of actual/predicted input tokens over executions that predicted some.
    public private(set) var inputRatio = CompensatedSum()
    public private(set) var inputRatioCount: Int = 0
    public private(set) var outputRatio = CompensatedSum()
    public private(set) var outputRatioCount: Int = 0
    /// Sum of value_delivered/actual_cost over executions with a value and a positive cost.
    public private(set) var valuePerDollar = CompensatedSum()
    public private(set) var valuePerDollarCount: Int = 0
    /// Newest timestamp_ms seen; 0 when empty.
    public private(set) var maxTimestampMs: Int64 = 0

    public init() {}

    /// Sample variance of quality_score; 0 with fewer than two executions.
    public var qualityVariance: Double {
        count < 2 ? 0 : max(0, qualityM2 / Double(count - 1))
    }

    public mutating func add(_ e: TaskExecution) {
        count += 1
        if e.success { successes += 1 }

        let delta = e.qualityScore - qualityMean
        qualityMean += delta / Double(count)
        qualityM2 += delta * (e.qualityScore - qualityMean)

        executionTime.add(e.executionTimeSeconds)
        // `> 0` rather than `!= 0`: a negative prediction (never validated in) would make a meaningless ratio.
        if e.predictedInputTokens > 0 {
            inputRatio.add(Double(e.actualInputTokens) / Double(e.predictedInputTokens))
            inputRatioCount += 1
        }
        if e.predictedOutputTokens > 0 {
            outputRatio.add(Double(e.actualOutputTokens) / Double(e.predictedOutputTokens))
            outputRatioCount += 1
        }
        if let value = e.valueDelivered, e.actualCost > 0 {
            valuePerDollar.add(value / e.actualCost)
            valuePerDollarCount += 1
        }
        maxTimestampMs = max(maxTimestampMs, e.timestampMs)
    }

    /// Combines two disjoint groups (Chan, Golub and LeVeque's parallel update for the variance).
    public mutating func merge(_ other: PerformanceAggregate) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        let n = Double(count)
        let m = Double(other.count)
        let total = n + m
        let delta = other.qualityMean - qualityMean
        qualityMean += delta * (m / total)
        qualityM2 += other.qualityM2 + delta * delta * (n * m / total)
        count += other.count
        successes += other.successes

        executionTime.merge(other.executionTime)
        inputRatio.merge(other.inputRatio)
        inputRatioCount += other.inputRatioCount
        outputRatio.merge(other.outputRatio)
        outputRatioCount += other.outputRatioCount
        valuePerDollar.merge(other.valuePerDollar)
        valuePerDollarCount += other.valuePerDollarCount
        maxTimestampMs = max(maxTimestampMs, other.maxTimestampMs)
    }

    /// A row holding these metrics under the given group keys.
    public func performanceRow(
        model: String = "",
        priority: String = "",
        domain: String = "",
        complexity: String = "",
        running: RunningEstimates? = nil
    ) -> PerformanceRow {
        var row = PerformanceRow()
        row.model = model
        row.priority = priority
        row.domain = domain
        row.complexity = complexity
        row.totalTasks = count
        if count > 0 {
            let n = Double(count)
            row.successRate = Double(successes) / n
            row.avgQualityScore = qualityMean
            row.qualityStddev = qualityVariance.squareRoot()
            row.avgExecutionTime = executionTime.value / n
        }
        row.inputTokenAccuracy = Self.mean(inputRatio, inputRatioCount)
        row.outputTokenAccuracy = Self.mean(outputRatio, outputRatioCount)
        row.valuePerDollar = Self.mean(valuePerDollar, valuePerDollarCount)
        row.lastUpdatedMs = maxTimestampMs
        row.inputTokenSamples = inputRatioCount
        row.outputTokenSamples = outputRatioCount
        row.valuePerDollarSamples = valuePerDollarCount
        row.running = running
        return row
    }

    private static func mean(_ sum: CompensatedSum, _ count: Int) -> Double {
        count > 0 ? sum.value / Double(count) : 0
    }
}
