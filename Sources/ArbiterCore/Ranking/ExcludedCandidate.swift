/// A candidate the ranking could not offer, and why.
public struct ExcludedCandidate: Sendable, Hashable {
    public var model: String
    public var reason: ExclusionReason

    public init(model: String, reason: ExclusionReason) {
        self.model = model
        self.reason = reason
    }

    /// The reason as a sentence for people.
    public var message: String {
        switch reason {
        case .unknown: "Model \"\(model)\" is not in the catalog."
        case .disabled: "Model \"\(model)\" is disabled in the catalog."
        case .quotaExhausted: "Model \"\(model)\" has used its subscription quota for the current period."
        case .alreadyFailed: "Model \"\(model)\" already failed this task (failed_models)."
        }
    }
}
