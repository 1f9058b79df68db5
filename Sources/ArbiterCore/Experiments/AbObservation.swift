/// One execution recorded in an A/B test, as the analysis reads it.
public struct AbObservation: Sendable, Hashable {
    /// Empty when unknown; then the assignment is not checked.
    public var taskID: String
    public var variant: AbVariant
    public var success: Bool
    public var qualityScore: Double
    public var cost: Double
    public var valueDelivered: Double?
    public var executionTimeSeconds: Double

    public init(
        taskID: String = "", variant: AbVariant, success: Bool, qualityScore: Double, cost: Double, valueDelivered: Double?,
        executionTimeSeconds: Double
    ) {
        self.taskID = taskID
        self.variant = variant
        self.success = success
        self.qualityScore = qualityScore
        self.cost = cost
        self.valueDelivered = valueDelivered
        self.executionTimeSeconds = executionTimeSeconds
    }

    public init(_ execution: TaskExecution, variant: AbVariant) {
        self.init(
            taskID: execution.taskID, variant: variant, success: execution.success, qualityScore: execution.qualityScore, cost: execution.actualCost,
            valueDelivered: execution.valueDelivered, executionTimeSeconds: execution.executionTimeSeconds)
    }

    /// The metric's value for this execution; nil when it has none (value per dollar without a
    /// value or with no cost, value delivered without a value).
    public func value(of metric: AbTest.Metric) -> Double? {
        switch metric {
        case .valuePerDollar:
            guard let value = valueDelivered, cost > 0 else { return nil }
            return value / cost
        case .qualityScore: return qualityScore
        case .successRate: return success ? 1 : 0
        case .valueDelivered: return valueDelivered
        }
    }
}
