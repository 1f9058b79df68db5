/// Why a candidate was left out of a ranking.
public enum ExclusionReason: String, Sendable, Hashable, CaseIterable {
    /// Not in the catalog.
    case unknown
    /// In the catalog but disabled.
    case disabled
    /// A subscription model whose current period's quota is used up.
    case quotaExhausted = "quota_exhausted"
    /// Named in `RankingRequest.failedModels`: it already failed the task.
    case alreadyFailed = "already_failed"
}
