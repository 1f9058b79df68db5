/// The answer to a `RankingRequest`.
public struct RankingResult: Sendable, Hashable {
    /// Best first, at most `topK` of them.
    public var ranked: [RankedModel]
    /// Named candidates that are unknown or disabled, and candidates out of quota, in request (or catalog) order.
    public var excluded: [ExcludedCandidate]
    public var strategy: RankingStrategy
    /// The seed Thompson sampling used, drawn when the request had none, so the ranking can be replayed; nil otherwise.
    public var seed: UInt64?
    /// The A/B test whose variant ranked (empty for none), and the variant: control, treatment,
    /// production, or empty when the ranking was not made by the server.
    public var abTestID: String
    public var abVariant: String

    public init(
        ranked: [RankedModel], excluded: [ExcludedCandidate], strategy: RankingStrategy, seed: UInt64? = nil,
        abTestID: String = "", abVariant: String = ""
    ) {
        self.ranked = ranked
        self.excluded = excluded
        self.strategy = strategy
        self.seed = seed
        self.abTestID = abTestID
        self.abVariant = abVariant
    }
}
