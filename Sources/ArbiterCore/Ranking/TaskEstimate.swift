/// What a task is predicted to take and be worth on one model.
public struct TaskEstimate: Sendable, Hashable {
    public var model: String
    public var inputTokens: Int64
    public var outputTokens: Int64
    /// Dollars: list price, or the amortised fee for a subscription model (`ModelDescriptor.marginalCost`).
    public var cost: Double
    /// 0 to 100.
    public var valueScore: Double
    /// Names of the learned adjustments that changed a figure, in a fixed order: input tokens
    /// (complexity, domain), output tokens (complexity, domain), priority weight, domain modifier.
    public var appliedAdjustments: [String]

    public init(model: String, inputTokens: Int64, outputTokens: Int64, cost: Double, valueScore: Double, appliedAdjustments: [String] = []) {
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cost = cost
        self.valueScore = valueScore
        self.appliedAdjustments = appliedAdjustments
    }
}
