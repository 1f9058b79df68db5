/// What one model's executions in one domain add up to, over every task type of the domain.
///
/// Ranking uses the part that comes from the *other* task types of the domain as a prior for
/// the task type at hand (see `RankingPolicy.poolDomains`): a model that does well on a
/// subject at one priority and complexity likely does well at the others, and a task type
/// alone seldom has enough executions to tell.
public struct DomainEvidence: Sendable, Hashable {
    public private(set) var count = 0
    public private(set) var successes = 0
    public private(set) var qualitySum = CompensatedSum()

    public init() {}

    mutating func add(_ e: TaskExecution) {
        count += 1
        if e.success { successes += 1 }
        qualitySum.add(e.qualityScore)
    }

    /// These totals less one task type's share of them, `cell`: the evidence from the other task types.
    public func excluding(_ cell: PerformanceAggregate?) -> (count: Int, successes: Int, qualitySum: Double) {
        guard let cell else { return (count, successes, qualitySum.value) }
        return (count - cell.count, successes - cell.successes, qualitySum.value - Double(cell.count) * cell.qualityMean)
    }
}
