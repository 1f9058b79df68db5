/// Estimates of one task on each candidate model (the answer to `estimate_task`).
public struct EstimationResult: Sendable, Hashable {
    /// In request (or catalog) order.
    public var estimates: [TaskEstimate]
    /// Learned adjustments that changed the figures; the same for every model.
    public var appliedAdjustments: [String]
    /// Named candidates that are unknown or disabled.
    public var excluded: [ExcludedCandidate]
    /// As in `RankingResult`.
    public var abTestID: String
    public var abVariant: String

    public init(
        estimates: [TaskEstimate], appliedAdjustments: [String], excluded: [ExcludedCandidate], abTestID: String = "", abVariant: String = ""
    ) {
        self.estimates = estimates
        self.appliedAdjustments = appliedAdjustments
        self.excluded = excluded
        self.abTestID = abTestID
        self.abVariant = abVariant
    }
}
