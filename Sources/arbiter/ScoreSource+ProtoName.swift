import ArbiterCore

extension ScoreSource {
    /// The `arbiter.v1.EstimateSource` name, as proto3 JSON spells enums.
    var protoName: String {
        switch self {
        case .prior: "PRIOR"
        case .blend: "BLEND"
        case .learned: "LEARNED"
        }
    }
}
