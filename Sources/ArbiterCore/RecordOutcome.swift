/// The answer to recording one execution.
public struct RecordOutcome: Sendable, Hashable {
    public var executionID: String
    /// True when the execution id was already stored; nothing changed.
    public var duplicate: Bool

    public init(executionID: String, duplicate: Bool) {
        self.executionID = executionID
        self.duplicate = duplicate
    }
}

/// The answer to recording a batch: good items are kept, bad ones rejected one by one.
public struct BatchOutcome: Sendable, Hashable {
    public struct Rejection: Sendable, Hashable {
        public var index: Int
        public var error: ArbiterError
        public init(index: Int, error: ArbiterError) {
            self.index = index
            self.error = error
        }
    }

    public var accepted: Int
    public var duplicates: Int
    public var rejected: [Rejection]
    /// Each item's execution id in request order; empty for a rejected item.
    public var executionIDs: [String]

    public init(accepted: Int = 0, duplicates: Int = 0, rejected: [Rejection] = [], executionIDs: [String] = []) {
        self.accepted = accepted
        self.duplicates = duplicates
        self.rejected = rejected
        self.executionIDs = executionIDs
    }
}
