/// How `ModelRanker` scores candidates.
public enum RankingStrategy: String, Sendable, Hashable, CaseIterable {
    /// Expected quality × expected success rate × expected value per dollar, learned data blended with the prior.
    case greedy
    /// The same product with quality and success drawn from their posteriors, so under-tried models get chosen sometimes.
    case thompson
    /// The seed's `get_model_ranking` as written, defects included, for A/B control groups.
    case seedCompat = "seed_compat"
}
