/// Every adjustment ever logged, in logging order, and the parameter values they put in force.
///
/// A parameter's effective value is the `adjustedValue` of its most recently applied
/// adjustment that is still applied; rejecting that one puts the previous applied one back.
public struct AdjustmentLog: Sendable {
    public private(set) var adjustments: [Adjustment] = []
    private var indexByID: [String: Int] = [:]
    /// Indices of each parameter's adjustments, so a status change looks at that parameter's alone.
    private var indicesByName: [String: [Int]] = [:]
    /// Index of the adjustment in force, by parameter name.
    private var effectiveIndex: [String: Int] = [:]
    /// The effective multipliers estimation reads (token and value-score adjustments only).
    public private(set) var estimationAdjustments = ParameterAdjustments()
    /// The highest `appliedSequence` so far.
    public private(set) var lastAppliedSequence: UInt64 = 0

    public init() {}

    public var count: Int { adjustments.count }

    public func adjustment(id: String) -> Adjustment? {
        indexByID[id].map { adjustments[$0] }
    }

    /// Logs a new adjustment, or (on replay) replaces the one with the same id.
    ///
    /// An applied adjustment without an `appliedSequence` gets the next one, so it takes effect
    /// over any earlier adjustment of its parameter.
    public mutating func record(_ adjustment: Adjustment) {
        var adjustment = adjustment
        if adjustment.status == .applied && adjustment.appliedSequence == 0 {
            lastAppliedSequence += 1
            adjustment.appliedSequence = lastAppliedSequence
        }
        lastAppliedSequence = max(lastAppliedSequence, adjustment.appliedSequence)
        if let index = indexByID[adjustment.id] {
            adjustments[index] = adjustment
        } else {
            indexByID[adjustment.id] = adjustments.count
            indicesByName[adjustment.parameterName, default: []].append(adjustments.count)
            adjustments.append(adjustment)
        }
        refreshEffective(adjustment.parameterName)
    }

    /// The adjustment `id` with its status changed at `nowMs`; throws `.notFound` (field `id`)
    /// for an unknown id. The log is not changed: pass the result to `record(_:)`.
    ///
    /// Applying gives it the next application order, so it takes effect over earlier ones.
    public func changingStatus(id: String, to status: Adjustment.Status, nowMs: Int64) throws(ArbiterError) -> Adjustment {
        guard let index = indexByID[id] else {
            throw ArbiterError(.notFound, "no adjustment with id '\(id)'", field: "id")
        }
        var adjustment = adjustments[index]
        guard adjustment.status != status else { return adjustment }
        adjustment.status = status
        adjustment.statusChangedAtMs = nowMs
        if status == .applied {
            adjustment.appliedSequence = lastAppliedSequence + 1
            adjustment.effectiveDateMs = nowMs
        }
        return adjustment
    }

    /// The adjustments `proposals` become when logged at `nowMs`, in order: applied when their
    /// confidence reaches `graduationThreshold`, and then numbered after every earlier application.
    /// Those applied take effect at `effectiveDateMs` (`nowMs` when nil). The log is not changed:
    /// record each result.
    public func logging(
        _ proposals: [AdjustmentProposal], nowMs: Int64, effectiveDateMs: Int64? = nil, graduationThreshold: Double, makeID: () -> String
    ) -> [Adjustment] {
        var sequence = lastAppliedSequence
        return proposals.map { proposal in
            var adjustment = proposal.adjustment(
                id: makeID(), nowMs: nowMs, effectiveDateMs: effectiveDateMs, graduationThreshold: graduationThreshold)
            if adjustment.status == .applied {
                sequence += 1
                adjustment.appliedSequence = sequence
            }
            return adjustment
        }
    }

    /// The adjustment in force for `parameterName`, if any.
    public func effectiveAdjustment(named parameterName: String) -> Adjustment? {
        effectiveIndex[parameterName].map { adjustments[$0] }
    }

    /// The value in force for a parameter, or `fallback` when no adjustment applies to it.
    public func effectiveValue(named parameterName: String, default fallback: Double = 1) -> Double {
        effectiveAdjustment(named: parameterName)?.adjustedValue ?? fallback
    }

    /// The newest `effectiveDateMs` among the adjustments of `parameterNames` that were ever
    /// applied (rejected since or not), or nil when none ever was.
    ///
    /// Executions up to it were predicted with another value of those parameters: a calibration
    /// that compounds on the value in force measures only executions after it (its cutoff).
    public func cutoffMs(forAnyOf parameterNames: some Sequence<String>) -> Int64? {
        var latest: Int64?
        for name in parameterNames {
            for index in indicesByName[name] ?? [] where adjustments[index].effectiveDateMs > 0 {
                latest = max(latest ?? .min, adjustments[index].effectiveDateMs)
            }
        }
        return latest
    }

    /// Every adjustment in force, by parameter name in UTF-8 byte order.
    public var effectiveAdjustments: [Adjustment] {
        effectiveIndex.values.map { adjustments[$0] }.sorted { ExactString.compare($0.parameterName, $1.parameterName) < 0 }
    }

    /// The adjustments `filter` matches, in logging order.
    public func adjustments(matching filter: AdjustmentFilter) -> [Adjustment] {
        adjustments.filter(filter.matches)
    }

    private mutating func refreshEffective(_ name: String) {
        var best: Int?
        for index in indicesByName[name] ?? [] where adjustments[index].status == .applied {
            if best.map({ adjustments[index].appliedSequence > adjustments[$0].appliedSequence }) ?? true { best = index }
        }
        effectiveIndex[name] = best
        let current = best.map { adjustments[$0] }
        if current?.parameterType.changesEstimation ?? true {
            estimationAdjustments[name] = current?.adjustedValue
        }
    }
}
