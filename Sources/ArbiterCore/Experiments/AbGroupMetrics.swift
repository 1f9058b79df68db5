/// The seed's metrics of one group.
public struct AbGroupMetrics: Sendable, Hashable {
    // Mutable and default-initialised so the codec can fill them in field by field.
    public var totalTasks = 0
    public var avgQualityScore = 0.0
    public var successRate = 0.0
    public var avgCost = 0.0
    public var avgValueDelivered = 0.0
    public var valuePerDollar = 0.0
    public var avgExecutionTime = 0.0
    /// Observations of the primary metric.
    public var primarySamples = 0

    public init() {}

    init(_ observations: [AbObservation], primary: AbTest.Metric) {
        totalTasks = observations.count
        guard !observations.isEmpty else { return }
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : SampleSummary(values).mean }
        avgQualityScore = mean(observations.map(\.qualityScore))
        successRate = mean(observations.map { $0.success ? 1 : 0 })
        avgCost = mean(observations.map(\.cost))
        avgValueDelivered = mean(observations.compactMap(\.valueDelivered))
        valuePerDollar = mean(observations.compactMap { $0.value(of: .valuePerDollar) })
        avgExecutionTime = mean(observations.map(\.executionTimeSeconds))
        primarySamples = observations.count(where: { $0.value(of: primary) != nil })
    }
}
