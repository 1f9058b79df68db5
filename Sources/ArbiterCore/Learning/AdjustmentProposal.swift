/// An adjustment a learning step wants logged; the log gives it an id, a time and a status.
public struct AdjustmentProposal: Sendable, Hashable {
    public var parameterName: String
    public var parameterType: AdjustmentType
    public var originalValue: Double
    public var adjustedValue: Double
    public var reason: String
    /// 0 to 1; at or above the graduation threshold the adjustment is applied as it is logged.
    public var confidence: Double

    public init(
        parameterName: String, parameterType: AdjustmentType, originalValue: Double, adjustedValue: Double,
        reason: String, confidence: Double
    ) {
        self.parameterName = parameterName
        self.parameterType = parameterType
        self.originalValue = originalValue
        self.adjustedValue = adjustedValue
        self.reason = reason
        self.confidence = confidence
    }

    /// The adjustment this proposal becomes when logged at `nowMs`: applied when its confidence
    /// reaches `graduationThreshold`, taking effect at `effectiveDateMs` (`nowMs` when nil).
    public func adjustment(id: String, nowMs: Int64, effectiveDateMs: Int64? = nil, graduationThreshold: Double) -> Adjustment {
        let graduates = confidence >= graduationThreshold
        return Adjustment(
            id: id, parameterName: parameterName, parameterType: parameterType,
            originalValue: originalValue, adjustedValue: adjustedValue, adjustmentReason: reason,
            confidenceScore: confidence, effectiveDateMs: graduates ? effectiveDateMs ?? nowMs : 0, createdAtMs: nowMs,
            status: graduates ? .applied : .proposed)
    }
}
