/// How much of one subscription period's quota has been used.
public struct SubscriptionUsage: Sendable, Hashable {
    public var model: String
    /// floor(timestamp_ms / period length in ms): periods are aligned to the Unix epoch.
    public var periodIndex: Int64
    public var periodStartMs: Int64
    /// Exclusive.
    public var periodEndMs: Int64
    /// Actual input plus output tokens.
    public var tokensUsed: Int64
    public var tasksUsed: Int64
    public var quotaTokens: Int64?
    public var quotaTasks: Int64?
    /// Executions that took usage past a quota, in recording order: they were paid for beyond the plan.
    public var overflowTasks: Int64
    /// Their cost at the model's list price, in dollars.
    public var overflowAPICost: Double

    public init(
        model: String,
        periodIndex: Int64,
        periodStartMs: Int64,
        periodEndMs: Int64,
        tokensUsed: Int64 = 0,
        tasksUsed: Int64 = 0,
        quotaTokens: Int64? = nil,
        quotaTasks: Int64? = nil,
        overflowTasks: Int64 = 0,
        overflowAPICost: Double = 0
    ) {
        self.model = model
        self.periodIndex = periodIndex
        self.periodStartMs = periodStartMs
        self.periodEndMs = periodEndMs
        self.tokensUsed = tokensUsed
        self.tasksUsed = tasksUsed
        self.quotaTokens = quotaTokens
        self.quotaTasks = quotaTasks
        self.overflowTasks = overflowTasks
        self.overflowAPICost = overflowAPICost
    }

    /// The larger of tokens used / token quota and tasks used / task quota; above 1 after overflow, 0 without quotas.
    public var utilisation: Double {
        var fraction = 0.0
        if let quota = quotaTokens, quota > 0 { fraction = max(fraction, Double(tokensUsed) / Double(quota)) }
        if let quota = quotaTasks, quota > 0 { fraction = max(fraction, Double(tasksUsed) / Double(quota)) }
        return fraction
    }

    /// Whether every quota still has room for more.
    public var hasQuotaLeft: Bool {
        (quotaTokens.map { tokensUsed < $0 } ?? true) && (quotaTasks.map { tasksUsed < $0 } ?? true)
    }
}
