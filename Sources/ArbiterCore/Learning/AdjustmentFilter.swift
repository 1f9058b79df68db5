/// Which adjustments `list_adjustments` returns; an empty or nil field matches everything.
public struct AdjustmentFilter: Sendable, Hashable {
    /// Exact parameter name.
    public var parameterName: String
    public var parameterType: AdjustmentType?
    public var status: Adjustment.Status?
    /// `created_at` in `[createdFromMs, createdToMs)`.
    public var createdFromMs: Int64?
    public var createdToMs: Int64?

    public init(
        parameterName: String = "", parameterType: AdjustmentType? = nil, status: Adjustment.Status? = nil,
        createdFromMs: Int64? = nil, createdToMs: Int64? = nil
    ) {
        self.parameterName = parameterName
        self.parameterType = parameterType
        self.status = status
        self.createdFromMs = createdFromMs
        self.createdToMs = createdToMs
    }

    public func matches(_ adjustment: Adjustment) -> Bool {
        (parameterName.isEmpty || adjustment.parameterName.utf8.elementsEqual(parameterName.utf8))
            && (parameterType.map { $0 == adjustment.parameterType } ?? true)
            && (status.map { $0 == adjustment.status } ?? true)
            && (createdFromMs.map { adjustment.createdAtMs >= $0 } ?? true)
            && (createdToMs.map { adjustment.createdAtMs < $0 } ?? true)
    }

    /// Throws `.invalidArgument` for an empty time range.
    public func validate() throws(ArbiterError) {
        if let from = createdFromMs, let to = createdToMs, to <= from {
            throw ArbiterError(.invalidArgument, "created_to_ms (\(to)) must be after created_from_ms (\(from))", field: "created_to_ms")
        }
    }
}
