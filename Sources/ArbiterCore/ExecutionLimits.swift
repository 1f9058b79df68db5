/// The largest values `ExecutionValidator` accepts.
public struct ExecutionLimits: Sendable, Hashable {
    /// UTF-8 bytes allowed in `execution_id`, `task_id`, `priority`, `domain`, `complexity`,
    /// `assigned_model`, `assignment_reason` and `worker_id`. Default 256.
    ///
    /// The validator never allows more than 65,535, because `ExecutionStore` keeps id lengths in 16 bits.
    public var maxIdentifierLength: Int
    /// UTF-8 bytes allowed in `task_title`. Default 1024.
    public var maxTitleLength: Int
    /// UTF-8 bytes allowed in `workspace`. Default 1024.
    public var maxWorkspaceLength: Int
    /// Largest predicted or actual token count. Default 10¹².
    public var maxTokens: Int64
    /// Largest `tests_passed`, `tests_failed` or `bugs_introduced`. Default 10⁹.
    ///
    /// The validator never allows more than `Int32.max`, because `ExecutionStore` keeps counts in 32 bits.
    public var maxCount: Int64
    /// Largest `attempt`. Default 100.
    ///
    /// The validator never allows more than 255, because `ExecutionStore` keeps attempts in 8 bits.
    public var maxAttempt: UInt32

    public init(
        maxIdentifierLength: Int = 256,
        maxTitleLength: Int = 1024,
        maxWorkspaceLength: Int = 1024,
        maxTokens: Int64 = 1_000_000_000_000,
        maxCount: Int64 = 1_000_000_000,
        maxAttempt: UInt32 = 100
    ) {
        self.maxIdentifierLength = maxIdentifierLength
        self.maxTitleLength = maxTitleLength
        self.maxWorkspaceLength = maxWorkspaceLength
        self.maxTokens = maxTokens
        self.maxCount = maxCount
        self.maxAttempt = maxAttempt
    }
}
