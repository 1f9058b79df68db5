/// The group of an A/B test a task is assigned to.
public enum AbVariant: String, Sendable, Hashable, CaseIterable {
    case control
    case treatment

    /// What rank_models and assign_variant name when no active test matches.
    public static let production = "production"
}
