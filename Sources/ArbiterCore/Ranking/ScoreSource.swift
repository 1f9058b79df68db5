/// Where a ranked model's figures came from.
public enum ScoreSource: String, Sendable, Hashable, CaseIterable {
    /// Learned data outweighs the prior more than 19 to 1 (`RankingPolicy.learnedPriorWeight`) in every
    /// factor of the score. Value per dollar has its own count, of executions that reported value_delivered,
    /// so without such reports a model stays `.blend`.
    case learned
    /// No execution of this model on this task type: the capability matrix alone.
    case prior
    /// Some learned data, blended with the prior.
    case blend
}
