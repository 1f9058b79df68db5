/// Usage of every subscription model, per period, built from recorded executions.
///
/// Periods are aligned to the Unix epoch: period i covers [i·L, (i+1)·L) milliseconds for a period
/// length L, so usage resets on the same boundaries whenever the ledger is rebuilt.
/// Model names are matched by their UTF-8 bytes, like `PerformanceTable`.
public struct SubscriptionLedger: Sendable {
    /// The period length is part of the key so that changing it in the catalog starts fresh
    /// periods instead of mixing boundaries.
    private struct PeriodKey: Hashable, Sendable {
        var periodSeconds: Int64
        var index: Int64
    }

    private struct PeriodTotals: Sendable {
        var tokens: Int64 = 0
        var tasks: Int64 = 0
        var overflowTasks: Int64 = 0
        var overflowAPICost = CompensatedSum()

        mutating func add(tokens added: Int64, overflowCost: Double, subscription: Subscription) {
            tokens = saturatingSum(tokens, added)
            tasks += 1
            let overTokens = subscription.quotaTokens.map { tokens > $0 } ?? false
            let overTasks = subscription.quotaTasks.map { tasks > $0 } ?? false
            if overTokens || overTasks {
                overflowTasks += 1
                overflowAPICost.add(overflowCost)
            }
        }
    }

    private var periods: [ExactString: [PeriodKey: PeriodTotals]] = [:]

    public init() {}

    /// Counts one execution against the subscription of `model`, its catalog entry; ignored without a subscription.
    ///
    /// Call in arrival order: an execution is overflow when usage including it exceeds a quota,
    /// and the quota in force is the one `model` carries now.
    public mutating func record(_ e: TaskExecution, model: ModelDescriptor) {
        guard let subscription = model.subscription else { return }
        let key = PeriodKey(
            periodSeconds: subscription.periodSeconds,
            index: Self.periodIndex(timestampMs: e.timestampMs, periodMs: subscription.periodMs)
        )
        let tokens = saturatingSum(max(e.actualInputTokens, 0), max(e.actualOutputTokens, 0))
        periods[ExactString(model.name), default: [:]][key, default: PeriodTotals()].add(
            tokens: tokens,
            overflowCost: model.apiCost(inputTokens: e.actualInputTokens, outputTokens: e.actualOutputTokens),
            subscription: subscription
        )
    }

    /// The period containing `nowMs`; nil when `model` has no subscription.
    public func usage(model: ModelDescriptor, nowMs: Int64) -> SubscriptionUsage? {
        guard let subscription = model.subscription else { return nil }
        return usage(model: model, subscription: subscription, periodIndex: Self.periodIndex(timestampMs: nowMs, periodMs: subscription.periodMs))
    }

    /// Every period of the model's current length with recorded usage, oldest first; empty without a subscription.
    public func history(model: ModelDescriptor) -> [SubscriptionUsage] {
        guard let subscription = model.subscription, let byPeriod = periods[ExactString(model.name)] else { return [] }
        return byPeriod.keys
            .filter { $0.periodSeconds == subscription.periodSeconds }
            .map(\.index)
            .sorted()
            .map { usage(model: model, subscription: subscription, periodIndex: $0) }
    }

    /// floor(timestampMs / periodMs), rounding down for times before the epoch too.
    public static func periodIndex(timestampMs: Int64, periodMs: Int64) -> Int64 {
        let length = max(periodMs, 1)
        let quotient = timestampMs / length
        return timestampMs % length < 0 ? quotient - 1 : quotient
    }

    private func usage(model: ModelDescriptor, subscription: Subscription, periodIndex: Int64) -> SubscriptionUsage {
        let length = subscription.periodMs
        let start = periodIndex.multipliedReportingOverflow(by: length)
        let startMs = start.overflow ? (periodIndex < 0 ? Int64.min : Int64.max) : start.partialValue
        let totals = periods[ExactString(model.name)]?[PeriodKey(periodSeconds: subscription.periodSeconds, index: periodIndex)]
            ?? PeriodTotals()
        return SubscriptionUsage(
            model: model.name,
            periodIndex: periodIndex,
            periodStartMs: startMs,
            periodEndMs: saturatingSum(startMs, length),
            tokensUsed: totals.tokens,
            tasksUsed: totals.tasks,
            quotaTokens: subscription.quotaTokens,
            quotaTasks: subscription.quotaTasks,
            overflowTasks: totals.overflowTasks,
            overflowAPICost: totals.overflowAPICost.value
        )
    }
}

private func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
    let (sum, overflow) = a.addingReportingOverflow(b)
    return overflow ? (b > 0 ? .max : .min) : sum
}
