/// A dimension performance rows can be grouped by.
public enum Dimension: Int, Sendable, Hashable, CaseIterable {
    case model = 1
    case priority = 2
    case domain = 3
    case complexity = 4
}

/// Which performance rows to return: exact-match filters and the grouping.
public struct PerformanceQuery: Sendable, Hashable {
    /// Empty strings match everything.
    public var model: String
    public var priority: String
    public var domain: String
    public var complexity: String
    /// Empty means all four dimensions.
    public var groupBy: Set<Dimension>
    /// Rows of retries (`TaskExecution.isRetry`) instead of first attempts.
    public var retries: Bool

    public init(
        model: String = "", priority: String = "", domain: String = "", complexity: String = "", groupBy: Set<Dimension> = [],
        retries: Bool = false
    ) {
        self.model = model
        self.priority = priority
        self.domain = domain
        self.complexity = complexity
        self.groupBy = groupBy
        self.retries = retries
    }

    /// The grouping in effect: all four dimensions when none were asked for.
    public var effectiveGroupBy: Set<Dimension> { groupBy.isEmpty ? Set(Dimension.allCases) : groupBy }
}

/// The seed's running estimates for one (model, task type): exponential moving averages.
public struct RunningEstimates: Sendable, Hashable {
    public var successRate: Double = 0
    public var avgQualityScore: Double = 0
    public var avgExecutionTime: Double = 0
    public var avgTokenEfficiency: Double = 0
    /// 0 until an execution with value_delivered and actual_cost > 0 arrives.
    public var avgCostEfficiency: Double = 0
    public var totalTasks: Int = 0
    public var lastUpdatedMs: Int64 = 0
    /// min(0.95, 0.5 + total_tasks / 100 × 0.45).
    public var confidence: Double = 0

    public init() {}
}

/// Exact aggregates for one group of executions (the seed's `model_performance` view, without its success filter).
public struct PerformanceRow: Sendable, Hashable {
    public var model: String = ""
    public var priority: String = ""
    public var domain: String = ""
    public var complexity: String = ""

    public var totalTasks: Int = 0
    public var successRate: Double = 0
    public var avgQualityScore: Double = 0
    /// Sample standard deviation; 0 with fewer than two executions.
    public var qualityStddev: Double = 0
    public var avgExecutionTime: Double = 0
    /// Mean of actual/predicted, skipping predicted = 0; 0 when there was no such execution.
    public var inputTokenAccuracy: Double = 0
    public var outputTokenAccuracy: Double = 0
    /// Mean of value_delivered/actual_cost over executions with value_delivered and actual_cost > 0.
    public var valuePerDollar: Double = 0
    public var lastUpdatedMs: Int64 = 0
    public var inputTokenSamples: Int = 0
    public var outputTokenSamples: Int = 0
    public var valuePerDollarSamples: Int = 0

    /// Present when grouped by all four dimensions.
    public var running: RunningEstimates?

    public init() {}
}
