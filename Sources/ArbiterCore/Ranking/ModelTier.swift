/// How capable, and how expensive, a model is.
public enum ModelTier: String, Sendable, Hashable, CaseIterable {
    case premium
    case mid
    case cheap
}
