/// Estimates of one task on each candidate model (the answer to `estimate_task`).
public struct EstimationResult: Sendable, Hashable {
    /// In request (or catalog) order.
    public var estimates: [TaskEstimate]
    /// Learned adjustments that changed the figures; the same for every model.
    public var appliedAdjustments: [String]
    /// Named candidates that are unknown or disabled.
    public var excluded: [ExcludedCandidate]

    public init(estimates: [TaskEstimate], appliedAdjustments: [String], excluded: [ExcludedCandidate]) {
        self.estimates = estimates
        self.appliedAdjustments = appliedAdjustments
        self.excluded = excluded
    }
}
