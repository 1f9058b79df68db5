import ArbiterCore

extension ExclusionReason {
    /// The `arbiter.v1.ExclusionReason` name, as proto3 JSON spells enums.
    var protoName: String {
        switch self {
        case .unknown: "UNKNOWN_MODEL"
        case .disabled: "DISABLED"
        case .quotaExhausted: "QUOTA_EXHAUSTED"
        case .alreadyFailed: "ALREADY_FAILED"
        }
    }
}
