extension RunningEstimates {
    /// Folds one execution into the moving averages, in arrival order.
    ///
    /// Each average starts at its first observation rather than at zero, so one execution is
    /// enough for a usable estimate; afterwards `ema = (1 - alpha) * ema + alpha * x`.
    ///
    /// - Parameters:
    ///   - alpha: The weight of the new observation, in `0...1`.
    ///   - costEfficiencyObserved: Whether an earlier execution already fed `avgCostEfficiency`
    ///     (had value_delivered and actual_cost > 0). `RunningEstimates` has no field that can tell
    ///     a first observation from an earlier one that was 0, so the caller keeps that count;
    ///     `PerformanceAggregate.valuePerDollarCount > 0` is exactly this condition.
    public mutating func update(with e: TaskExecution, alpha: Double, costEfficiencyObserved: Bool) {
        let first = totalTasks == 0
        successRate = Self.blend(successRate, e.success ? 1 : 0, alpha: alpha, first: first)
        avgQualityScore = Self.blend(avgQualityScore, e.qualityScore, alpha: alpha, first: first)
        avgExecutionTime = Self.blend(avgExecutionTime, e.executionTimeSeconds, alpha: alpha, first: first)
        avgTokenEfficiency = Self.blend(avgTokenEfficiency, Self.tokenEfficiency(e), alpha: alpha, first: first)
        if let value = e.valueDelivered, e.actualCost > 0 {
            avgCostEfficiency = Self.blend(avgCostEfficiency, value / e.actualCost, alpha: alpha, first: !costEfficiencyObserved)
        }
        totalTasks += 1
        lastUpdatedMs = max(lastUpdatedMs, e.timestampMs)
        confidence = Self.confidence(totalTasks: totalTasks)
    }

    /// min(0.95, 0.5 + total_tasks / 100 × 0.45): half-sure at once, as sure as it gets after 100 tasks.
    public static func confidence(totalTasks: Int) -> Double {
        min(0.95, 0.5 + Double(totalTasks) / 100 * 0.45)
    }

    /// The mean of actual/max(predicted, 1) over input and output tokens.
    public static func tokenEfficiency(_ e: TaskExecution) -> Double {
        let input = Double(e.actualInputTokens) / Double(max(e.predictedInputTokens, 1))
        let output = Double(e.actualOutputTokens) / Double(max(e.predictedOutputTokens, 1))
        return (input + output) / 2
    }

    @inline(__always)
    private static func blend(_ average: Double, _ x: Double, alpha: Double, first: Bool) -> Double {
        first ? x : (1 - alpha) * average + alpha * x
    }
}
