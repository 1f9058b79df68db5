/// What has been learned about one model on one task type.
public struct LearnedPerformance: Sendable, Hashable {
    /// Exact statistics: counts, quality mean and variance, value per dollar. `ModelRanker` scores with these.
    public var aggregate: PerformanceAggregate
    /// The seed's moving averages; only the `seed_compat` strategy reads them.
    public var running: RunningEstimates

    public init(aggregate: PerformanceAggregate, running: RunningEstimates) {
        self.aggregate = aggregate
        self.running = running
    }

    /// From `PerformanceTable.cell(model:priority:domain:complexity:)`.
    public init(_ cell: (aggregate: PerformanceAggregate, running: RunningEstimates)) {
        self.init(aggregate: cell.aggregate, running: cell.running)
    }
}
