/// A flat-fee plan: a quota of tokens and/or tasks per period, renewed on period boundaries.
///
/// Periods are aligned to the Unix epoch (see `SubscriptionLedger`).
public struct Subscription: Sendable, Hashable {
    /// Input plus output tokens per period; nil when tokens are not limited.
    public var quotaTokens: Int64?
    /// Tasks per period; nil when tasks are not limited.
    public var quotaTasks: Int64?
    public var periodSeconds: Int64
    /// Dollars per period.
    public var fee: Double

    public init(quotaTokens: Int64? = nil, quotaTasks: Int64? = nil, periodSeconds: Int64, fee: Double) {
        self.quotaTokens = quotaTokens
        self.quotaTasks = quotaTasks
        self.periodSeconds = periodSeconds
        self.fee = fee
    }

    /// The length of a period in milliseconds, saturating rather than trapping on absurd lengths.
    public var periodMs: Int64 {
        let (ms, overflow) = max(periodSeconds, 1).multipliedReportingOverflow(by: 1000)
        return overflow ? .max : ms
    }

    /// The fee amortised over the quota: the fee per token times the task's tokens, or the fee per
    /// task, whichever is larger when both are limited.
    ///
    /// The plan is spent when either quota runs out, so a task uses up the larger of its two shares
    /// of it: by its tokens alone, a plan of few tasks and many tokens looked several times cheaper
    /// than it is to tasks that spend its task quota long before its tokens.
    /// Zero without any quota, since an unlimited plan costs nothing more per task.
    public func marginalCost(inputTokens: Int64, outputTokens: Int64) -> Double {
        var cost = 0.0
        if let quota = quotaTokens, quota > 0 {
            cost = fee / Double(quota) * (Double(inputTokens) + Double(outputTokens))
        }
        if let quota = quotaTasks, quota > 0 {
            cost = max(cost, fee / Double(quota))
        }
        return cost
    }

    /// Throws `.invalidArgument` naming the first bad field.
    public func validate() throws(ArbiterError) {
        if quotaTokens == nil && quotaTasks == nil {
            throw ArbiterError(.invalidArgument, "a subscription needs quota_tokens, quota_tasks or both", field: "quota_tokens")
        }
        if let quota = quotaTokens, quota <= 0 {
            throw ArbiterError(.invalidArgument, "quota_tokens must be positive; got \(quota)", field: "quota_tokens")
        }
        if let quota = quotaTasks, quota <= 0 {
            throw ArbiterError(.invalidArgument, "quota_tasks must be positive; got \(quota)", field: "quota_tasks")
        }
        if periodSeconds <= 0 {
            throw ArbiterError(.invalidArgument, "period_seconds must be positive; got \(periodSeconds)", field: "period_seconds")
        }
        if !fee.isFinite || fee < 0 {
            throw ArbiterError(.invalidArgument, "fee must be a finite, non-negative number; got \(fee)", field: "fee")
        }
    }
}
