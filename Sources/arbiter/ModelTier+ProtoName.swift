import ArbiterCore

extension ModelTier {
    /// The `arbiter.v1.ModelTier` name, as proto3 JSON spells enums.
    var protoName: String {
        switch self {
        case .premium: "PREMIUM"
        case .mid: "MID"
        case .cheap: "CHEAP"
        }
    }
}
