/// One model in the catalog.
public struct ModelDescriptor: Sendable, Hashable {
    public var name: String
    public var tier: ModelTier
    /// Dollars per million input tokens at list price.
    public var inputPricePerMillion: Double
    /// Dollars per million output tokens at list price.
    public var outputPricePerMillion: Double
    /// A disabled model is never offered, even when named as a candidate.
    public var enabled: Bool
    /// Present when the model is paid for by a flat-fee plan rather than per token.
    public var subscription: Subscription?

    public init(
        name: String,
        tier: ModelTier,
        inputPricePerMillion: Double,
        outputPricePerMillion: Double,
        enabled: Bool = true,
        subscription: Subscription? = nil
    ) {
        self.name = name
        self.tier = tier
        self.inputPricePerMillion = inputPricePerMillion
        self.outputPricePerMillion = outputPricePerMillion
        self.enabled = enabled
        self.subscription = subscription
    }

    /// Dollars at list price, whether or not the model is on a subscription.
    public func apiCost(inputTokens: Int64, outputTokens: Int64) -> Double {
        (Double(inputTokens) * inputPricePerMillion + Double(outputTokens) * outputPricePerMillion) / 1_000_000
    }

    /// What one more task costs: the amortised subscription fee, or the list price without a subscription.
    public func marginalCost(inputTokens: Int64, outputTokens: Int64) -> Double {
        if let subscription {
            return subscription.marginalCost(inputTokens: inputTokens, outputTokens: outputTokens)
        }
        return apiCost(inputTokens: inputTokens, outputTokens: outputTokens)
    }

    /// Throws `.invalidArgument` naming the first bad field (`subscription.fee` and so on).
    public func validate() throws(ArbiterError) {
        if name.isEmpty {
            throw ArbiterError(.invalidArgument, "name must not be empty", field: "name")
        }
        if !inputPricePerMillion.isFinite || inputPricePerMillion < 0 {
            throw ArbiterError(
                .invalidArgument, "input_price_per_million must be a finite, non-negative number; got \(inputPricePerMillion)",
                field: "input_price_per_million"
            )
        }
        if !outputPricePerMillion.isFinite || outputPricePerMillion < 0 {
            throw ArbiterError(
                .invalidArgument, "output_price_per_million must be a finite, non-negative number; got \(outputPricePerMillion)",
                field: "output_price_per_million"
            )
        }
        do throws(ArbiterError) {
            try subscription?.validate()
        } catch {
            throw error.nested(under: "subscription")
        }
    }
}
