import ArbiterCore
import Testing

/// Metrics computed straight from a list of executions, independently of `PerformanceAggregate`.
enum DirectPerformance {
    static func row(_ executions: [TaskExecution], model: String = "", priority: String = "", domain: String = "", complexity: String = "") -> PerformanceRow {
        var row = PerformanceRow()
        row.model = model
        row.priority = priority
        row.domain = domain
        row.complexity = complexity
        let n = executions.count
        row.totalTasks = n
        guard n > 0 else { return row }

        row.successRate = Double(executions.filter(\.success).count) / Double(n)
        let qualityMean = executions.map(\.qualityScore).reduce(0, +) / Double(n)
        row.avgQualityScore = qualityMean
        if n > 1 {
            // Two passes: the textbook definition, with no running updates to share errors with.
            let squares = executions.map { ($0.qualityScore - qualityMean) * ($0.qualityScore - qualityMean) }.reduce(0, +)
            row.qualityStddev = (squares / Double(n - 1)).squareRoot()
        }
        row.avgExecutionTime = executions.map(\.executionTimeSeconds).reduce(0, +) / Double(n)

        let inputRatios = executions.filter { $0.predictedInputTokens != 0 }
            .map { Double($0.actualInputTokens) / Double($0.predictedInputTokens) }
        let outputRatios = executions.filter { $0.predictedOutputTokens != 0 }
            .map { Double($0.actualOutputTokens) / Double($0.predictedOutputTokens) }
        let valueRatios = executions.compactMap { e in e.valueDelivered.flatMap { e.actualCost > 0 ? $0 / e.actualCost : nil } }
        row.inputTokenAccuracy = mean(of: inputRatios)
        row.outputTokenAccuracy = mean(of: outputRatios)
        row.valuePerDollar = mean(of: valueRatios)
        row.inputTokenSamples = inputRatios.count
        row.outputTokenSamples = outputRatios.count
        row.valuePerDollarSamples = valueRatios.count
        row.lastUpdatedMs = executions.map(\.timestampMs).max()!
        return row
    }

    /// The seed's moving averages, replayed over one cell's executions in arrival order.
    static func running(_ executions: [TaskExecution], alpha: Double) -> RunningEstimates {
        var r = RunningEstimates()
        var costSamples = 0
        for (i, e) in executions.enumerated() {
            func ema(_ old: Double, _ x: Double, first: Bool) -> Double { first ? x : old + alpha * (x - old) }
            r.successRate = ema(r.successRate, e.success ? 1 : 0, first: i == 0)
            r.avgQualityScore = ema(r.avgQualityScore, e.qualityScore, first: i == 0)
            r.avgExecutionTime = ema(r.avgExecutionTime, e.executionTimeSeconds, first: i == 0)
            let efficiency = (Double(e.actualInputTokens) / Double(max(1, e.predictedInputTokens))
                + Double(e.actualOutputTokens) / Double(max(1, e.predictedOutputTokens))) / 2
            r.avgTokenEfficiency = ema(r.avgTokenEfficiency, efficiency, first: i == 0)
            if let value = e.valueDelivered, e.actualCost > 0 {
                r.avgCostEfficiency = ema(r.avgCostEfficiency, value / e.actualCost, first: costSamples == 0)
                costSamples += 1
            }
            r.lastUpdatedMs = max(r.lastUpdatedMs, e.timestampMs)
        }
        r.totalTasks = executions.count
        r.confidence = min(0.95, 0.5 + Double(executions.count) / 100 * 0.45)
        return r
    }

    static func mean(of values: [Double]) -> Double {
        values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count)
    }

    static func close(_ a: Double, _ b: Double, relative: Double = 1e-12) -> Bool {
        a == b || abs(a - b) <= relative * max(abs(a), abs(b))
    }

    /// Records an issue for every metric of `actual` that differs from `expected`.
    static func expect(
        _ actual: PerformanceRow,
        equals expected: PerformanceRow,
        relative: Double = 1e-12,
        _ context: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var problems: [String] = []
        func check(_ name: String, _ a: Double, _ b: Double) {
            if !close(a, b, relative: relative) { problems.append("\(name) \(a) != \(b)") }
        }
        if actual.model != expected.model || actual.priority != expected.priority
            || actual.domain != expected.domain || actual.complexity != expected.complexity
        {
            problems.append("keys (\(actual.model), \(actual.priority), \(actual.domain), \(actual.complexity))")
        }
        if actual.totalTasks != expected.totalTasks { problems.append("totalTasks \(actual.totalTasks) != \(expected.totalTasks)") }
        check("successRate", actual.successRate, expected.successRate)
        check("avgQualityScore", actual.avgQualityScore, expected.avgQualityScore)
        check("qualityStddev", actual.qualityStddev, expected.qualityStddev)
        check("avgExecutionTime", actual.avgExecutionTime, expected.avgExecutionTime)
        check("inputTokenAccuracy", actual.inputTokenAccuracy, expected.inputTokenAccuracy)
        check("outputTokenAccuracy", actual.outputTokenAccuracy, expected.outputTokenAccuracy)
        check("valuePerDollar", actual.valuePerDollar, expected.valuePerDollar)
        if actual.lastUpdatedMs != expected.lastUpdatedMs { problems.append("lastUpdatedMs") }
        if actual.inputTokenSamples != expected.inputTokenSamples { problems.append("inputTokenSamples") }
        if actual.outputTokenSamples != expected.outputTokenSamples { problems.append("outputTokenSamples") }
        if actual.valuePerDollarSamples != expected.valuePerDollarSamples { problems.append("valuePerDollarSamples") }
        if !problems.isEmpty {
            Issue.record("\(context): \(problems.joined(separator: ", "))", sourceLocation: sourceLocation)
        }
    }

    static func expect(
        _ actual: RunningEstimates,
        equals expected: RunningEstimates,
        _ context: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let same = close(actual.successRate, expected.successRate)
            && close(actual.avgQualityScore, expected.avgQualityScore)
            && close(actual.avgExecutionTime, expected.avgExecutionTime)
            && close(actual.avgTokenEfficiency, expected.avgTokenEfficiency)
            && close(actual.avgCostEfficiency, expected.avgCostEfficiency)
            && actual.totalTasks == expected.totalTasks
            && actual.lastUpdatedMs == expected.lastUpdatedMs
            && close(actual.confidence, expected.confidence)
        if !same {
            Issue.record("\(context): \(actual) != \(expected)", sourceLocation: sourceLocation)
        }
    }
}
