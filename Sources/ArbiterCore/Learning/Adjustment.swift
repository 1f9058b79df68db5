/// One learned parameter change, as the seed's `learning_adjustments` table records it, plus its status.
///
/// Adjustments are never deleted: the log is the history of what was learned and what was done with it.
public struct Adjustment: Sendable, Hashable {
    /// Whether an adjustment is in force.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        /// Logged with a confidence below the graduation threshold; waits for `apply_adjustment`.
        case proposed
        /// In force: the parameter's effective value, unless a later applied adjustment replaced it.
        case applied
        /// Set aside by `reject_adjustment`; never in force, or no longer.
        case rejected
    }

    /// A UUID the server assigns.
    public var id: String
    /// e.g. `token_estimate_input_complex`, `priority_weight_P1`, `model_preference_P1_backend_complex`.
    public var parameterName: String
    public var parameterType: AdjustmentType
    /// The parameter's effective value when the adjustment was made (1 for a multiplier never adjusted).
    public var originalValue: Double
    /// The value in force once applied: for a multiplier, `originalValue` times the measured ratio.
    public var adjustedValue: Double
    public var adjustmentReason: String
    /// 0 to 1.
    public var confidenceScore: Double
    /// When it took effect (Unix ms); 0 while it never has.
    public var effectiveDateMs: Int64
    public var createdAtMs: Int64
    public var status: Status
    /// When `status` last changed (Unix ms); `createdAtMs` until then.
    public var statusChangedAtMs: Int64
    /// Order among applications: of the applied adjustments of one parameter, the highest is in force. 0 when never applied.
    public var appliedSequence: UInt64

    public init(
        id: String,
        parameterName: String,
        parameterType: AdjustmentType,
        originalValue: Double,
        adjustedValue: Double,
        adjustmentReason: String,
        confidenceScore: Double,
        effectiveDateMs: Int64 = 0,
        createdAtMs: Int64,
        status: Status = .proposed,
        statusChangedAtMs: Int64? = nil,
        appliedSequence: UInt64 = 0
    ) {
        self.id = id
        self.parameterName = parameterName
        self.parameterType = parameterType
        self.originalValue = originalValue
        self.adjustedValue = adjustedValue
        self.adjustmentReason = adjustmentReason
        self.confidenceScore = confidenceScore
        self.effectiveDateMs = effectiveDateMs
        self.createdAtMs = createdAtMs
        self.status = status
        self.statusChangedAtMs = statusChangedAtMs ?? createdAtMs
        self.appliedSequence = appliedSequence
    }
}

/// The kind of parameter an adjustment changes (`parameter_type`).
///
/// Open rather than an enum: other batch steps (A/B graduation) add their own types without
/// touching the switch statements of this one.
public struct AdjustmentType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Token multipliers by complexity and by domain; they change `estimate_task` and `rank_models`.
    public static let tokenEstimation = AdjustmentType(rawValue: "token_estimation")
    /// Priority weights and domain modifiers of the value score; they change `estimate_task` and `rank_models`.
    public static let valueScoring = AdjustmentType(rawValue: "value_scoring")
    /// A cheaper model found for a task type; advice, not a multiplier.
    public static let costOptimization = AdjustmentType(rawValue: "cost_optimization")

    /// Whether applying an adjustment of this type changes estimation (and so ranking).
    public var changesEstimation: Bool { self == .tokenEstimation || self == .valueScoring }

    public var description: String { rawValue }
}
