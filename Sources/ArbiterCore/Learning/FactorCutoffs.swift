/// When the factors of each label of an execution store were last put in force, for the two
/// groups a calibration puts a row in: its complexity (or priority) and its domain.
///
/// A row's ratio measures the factors it was predicted with. Factors compound on the value in
/// force, so a calibration reads a row only when it is later than the cutoffs of both its
/// groups: a row predicted with an older factor of either would have its shortfall, already
/// corrected once, multiplied onto the factor in force again.
struct FactorCutoffs: Sendable {
    /// By `StringInterner.ID` of the row's complexity or priority; `Int64.min` where none ever applied.
    let byGroup: [Int64]
    /// By `StringInterner.ID` of the row's domain; `Int64.min` where none ever applied.
    let byDomain: [Int64]

    /// Whether no label has a cutoff: every row of a window is read.
    let isEmpty: Bool

    /// Cutoffs for the token calibration: a complexity's input and output factors, a domain's.
    static func tokens(_ strings: StringInterner, log: AdjustmentLog) -> FactorCutoffs {
        FactorCutoffs(
            strings, log: log,
            group: [.inputTokensByComplexity, .outputTokensByComplexity], domain: [.inputTokensByDomain, .outputTokensByDomain])
    }

    /// Cutoffs for the value calibration: a priority's weight, a domain's modifier.
    static func values(_ strings: StringInterner, log: AdjustmentLog) -> FactorCutoffs {
        FactorCutoffs(strings, log: log, group: [.priorityWeight], domain: [.domainModifier])
    }

    private init(_ strings: StringInterner, log: AdjustmentLog, group: [ParameterAdjustments.Kind], domain: [ParameterAdjustments.Kind]) {
        byGroup = Self.cutoffs(strings, log: log, kinds: group)
        byDomain = Self.cutoffs(strings, log: log, kinds: domain)
        isEmpty = !byGroup.contains { $0 != .min } && !byDomain.contains { $0 != .min }
    }

    /// The log's labels of `kinds` (only those ever applied can have a cutoff), looked up in the store.
    private static func cutoffs(_ strings: StringInterner, log: AdjustmentLog, kinds: [ParameterAdjustments.Kind]) -> [Int64] {
        var cutoffs = [Int64](repeating: .min, count: strings.count)
        var labels = Set<String>()
        for adjustment in log.adjustments where adjustment.effectiveDateMs > 0 {
            if let (kind, label) = ParameterAdjustments.parse(adjustment.parameterName), kinds.contains(kind) { labels.insert(label) }
        }
        for label in labels {
            if let id = strings.id(of: label), let cutoff = log.cutoffMs(forAnyOf: kinds.map { $0.prefix + label }) {
                cutoffs[Int(id)] = cutoff
            }
        }
        return cutoffs
    }
}
