/// Step 2 of the learning batch: whether predicted value scores match the value delivered.
///
/// Reads the executions in the window that have a `value_delivered`. With fewer than the
/// minimum nothing is measured. Otherwise the Pearson correlation between predicted and
/// delivered value, and per priority and per domain the ratio mean(delivered) / mean(predicted).
public struct ValueCalibration: Sendable, Hashable {
    /// One priority's or one domain's predicted and delivered value.
    public struct Group: Sendable, Hashable {
        public enum Dimension: String, Sendable, Hashable {
            case priority, domain
        }

        public var dimension: Dimension
        public var label: String
        public var executions: Int
        public var meanPredicted: Double
        public var meanDelivered: Double

        public init(dimension: Dimension, label: String, executions: Int, meanPredicted: Double, meanDelivered: Double) {
            self.dimension = dimension
            self.label = label
            self.executions = executions
            self.meanPredicted = meanPredicted
            self.meanDelivered = meanDelivered
        }

        /// mean(delivered) / mean(predicted); nil when the mean predicted value is 0, which has no ratio.
        public var ratio: Double? {
            meanPredicted != 0 ? meanDelivered / meanPredicted : nil
        }
    }

    /// A sampled execution for the predicted-vs-delivered scatter chart.
    public struct Point: Sendable, Hashable {
        public var predicted: Double
        public var delivered: Double

        public init(predicted: Double, delivered: Double) {
            self.predicted = predicted
            self.delivered = delivered
        }
    }

    public var window: LearningWindow
    /// Executions in the window with a value delivered.
    public var executions: Int
    /// False when `executions` is below the configured minimum: nothing else is filled in then.
    public var enoughData: Bool
    /// Pearson's r; nil with fewer than two executions or when either side is constant.
    public var correlation: Double?
    /// Whether priority weights were examined: enough data and a correlation below the threshold, or undefined.
    public var prioritiesExamined: Bool
    /// Priorities, then domains, each in UTF-8 byte order of the label.
    public var groups: [Group]
    public var points: [Point]

    public static let maximumPoints = 600

    public init(
        window: LearningWindow, executions: Int = 0, enoughData: Bool = false, correlation: Double? = nil, prioritiesExamined: Bool = false,
        groups: [Group] = [], points: [Point] = []
    ) {
        self.window = window
        self.executions = executions
        self.enoughData = enoughData
        self.correlation = correlation
        self.prioritiesExamined = prioritiesExamined
        self.groups = groups
        self.points = points
    }

    struct Sums {
        var count = 0
        var predicted = 0.0
        var delivered = 0.0
    }

    /// The sums over one range of the store's chunks; partials of disjoint ranges, made with the
    /// same `shift`, merge into the whole.
    struct Partial: Sendable {
        var byPriority: [Sums]
        var byDomain: [Sums]
        var n = 0
        var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
        var sampled: [Point] = []

        /// `shift` is subtracted from every pair before the co-moments are summed, so they do not cancel.
        init(_ store: ExecutionStore, window: LearningWindow, chunks: Range<Int>, shift: (x: Double, y: Double)) {
            let labels = store.strings.count
            var byPriority = [Sums](repeating: Sums(), count: labels)
            var byDomain = [Sums](repeating: Sums(), count: labels)
            var n = 0
            var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
            let stride = max(1, store.count / (ValueCalibration.maximumPoints * 4))
            var sampled: [Point] = []
            var nextSample = 0
            let selection = RowSelection()
            for chunk in chunks {
                let base = chunk << ChunkedColumn<Int64>.chunkShift
                store.timestampsMs.withChunk(chunk) { timestamps in
                store.valuesDelivered.withChunk(chunk) { delivered in
                store.predictedValueScores.withChunk(chunk) { predicted in
                store.priorities.withChunk(chunk) { priorities in
                store.domains.withChunk(chunk) { domains in
                    // `x == x` is false exactly for NaN (no value delivered), and compiles to one
                    // comparison; `isNaN` tests the exponent's bits with a branch.
                    byPriority.withUnsafeMutableBufferPointer { byPriority in
                    byDomain.withUnsafeMutableBufferPointer { byDomain in
                    selection.forEach(in: timestamps.count, where: { RowSelection.both(delivered[$0] == delivered[$0], window.contains(timestamps[$0])) }) { rows in
                        for selected in rows {
                            let row = Int(selected)
                            let x = predicted[row]
                            let y = delivered[row]
                            let dx = x - shift.x
                            let dy = y - shift.y
                            n &+= 1
                            sx += dx
                            sy += dy
                            sxx += dx * dx
                            syy += dy * dy
                            sxy += dx * dy
                            let priority = Int(priorities[row])
                            let domain = Int(domains[row])
                            byPriority[priority].count &+= 1
                            byPriority[priority].predicted += x
                            byPriority[priority].delivered += y
                            byDomain[domain].count &+= 1
                            byDomain[domain].predicted += x
                            byDomain[domain].delivered += y
                            if base + row >= nextSample && sampled.count < ValueCalibration.maximumPoints {
                                nextSample = base + row + stride
                                sampled.append(Point(predicted: x, delivered: y))
                            }
                        }
                    }
                    }
                    }
                }
                }
                }
                }
                }
            }
            self.byPriority = byPriority
            self.byDomain = byDomain
            self.n = n
            (self.sx, self.sy, self.sxx, self.syy, self.sxy) = (sx, sy, sxx, syy, sxy)
            self.sampled = sampled
        }

        /// Adds the sums of a later range of chunks.
        mutating func merge(_ later: Partial) {
            for index in byPriority.indices {
                byPriority[index].count += later.byPriority[index].count
                byPriority[index].predicted += later.byPriority[index].predicted
                byPriority[index].delivered += later.byPriority[index].delivered
                byDomain[index].count += later.byDomain[index].count
                byDomain[index].predicted += later.byDomain[index].predicted
                byDomain[index].delivered += later.byDomain[index].delivered
            }
            n += later.n
            sx += later.sx
            sy += later.sy
            sxx += later.sxx
            syy += later.syy
            sxy += later.sxy
            sampled += later.sampled.prefix(ValueCalibration.maximumPoints - sampled.count)
        }
    }

    /// Measures over the executions of `store` in `window`, with the minimum and the correlation threshold of `configuration`.
    public init(_ store: ExecutionStore, window: LearningWindow, configuration: LearningConfiguration) {
        let partial = Partial(store, window: window, chunks: 0..<store.flags.chunkCount, shift: Self.shift(store, window: window))
        self.init(store, window: window, configuration: configuration, partial: partial)
    }

    /// The calibration from the merged partials of every chunk.
    init(_ store: ExecutionStore, window: LearningWindow, configuration: LearningConfiguration, partial: Partial) {
        self.init(window: window)
        let n = partial.n
        executions = n
        enoughData = n >= configuration.valueMinimumExecutions
        guard enoughData else { return }
        let count = Double(n)
        let cxx = partial.sxx - partial.sx * partial.sx / count
        let cyy = partial.syy - partial.sy * partial.sy / count
        let cxy = partial.sxy - partial.sx * partial.sy / count
        correlation = n >= 2 && cxx > 0 && cyy > 0 ? max(-1, min(1, cxy / (cxx * cyy).squareRoot())) : nil
        prioritiesExamined = correlation.map { $0 < configuration.correlationThreshold } ?? true
        groups = Self.groups(partial.byPriority, .priority, store.strings) + Self.groups(partial.byDomain, .domain, store.strings)
        points = partial.sampled
    }

    /// What the partials subtract from each pair: the first pair in the window, or zero.
    static func shift(_ store: ExecutionStore, window: LearningWindow) -> (x: Double, y: Double) {
        firstPair(store, window: window) ?? (0, 0)
    }

    /// The predicted and delivered value of the first execution in `window` with a value delivered.
    private static func firstPair(_ store: ExecutionStore, window: LearningWindow) -> (x: Double, y: Double)? {
        for chunk in 0..<store.flags.chunkCount {
            let found: (Double, Double)? = store.timestampsMs.withChunk(chunk) { timestamps in
                store.valuesDelivered.withChunk(chunk) { delivered in
                    for row in 0..<timestamps.count where !delivered[row].isNaN && window.contains(timestamps[row]) {
                        return (store.predictedValueScores.withChunk(chunk) { $0[row] }, delivered[row])
                    }
                    return nil
                }
            }
            if let found { return found }
        }
        return nil
    }

    private static func groups(_ sums: [Sums], _ dimension: Group.Dimension, _ strings: StringInterner) -> [Group] {
        var groups: [Group] = []
        for (id, sum) in sums.enumerated() where sum.count > 0 {
            let n = Double(sum.count)
            groups.append(Group(
                dimension: dimension, label: strings[StringInterner.ID(id)], executions: sum.count,
                meanPredicted: sum.predicted / n, meanDelivered: sum.delivered / n))
        }
        return groups.sorted { ExactString.compare($0.label, $1.label) < 0 }
    }

    /// The adjustments the measured ratios call for, compounding on the values in force in `log`.
    ///
    /// Priority weights only when the correlation is below the threshold (or undefined); domain
    /// modifiers for every domain with enough executions, whatever the correlation.
    public func proposals(_ configuration: LearningConfiguration, log: AdjustmentLog) -> [AdjustmentProposal] {
        guard enoughData else { return [] }
        var proposals: [AdjustmentProposal] = []
        for group in groups {
            guard let ratio = group.ratio, ratio.isFinite, (ratio - 1).magnitude > configuration.valueRatioTolerance else { continue }
            let name: String
            let confidence: Double
            switch group.dimension {
            case .priority:
                guard prioritiesExamined else { continue }
                name = ParameterAdjustments.priorityWeightName(priority: group.label)
                confidence = min(Double(group.executions) / Double(configuration.priorityFullConfidenceCount), 1)
            case .domain:
                guard group.executions >= configuration.domainMinimumExecutions else { continue }
                name = ParameterAdjustments.domainModifierName(domain: group.label)
                confidence = min(Double(group.executions) / Double(configuration.domainFullConfidenceCount), 1)
            }
            let original = log.effectiveValue(named: name)
            proposals.append(AdjustmentProposal(
                parameterName: name, parameterType: .valueScoring,
                originalValue: original, adjustedValue: original * ratio,
                reason: "\(group.dimension.rawValue) '\(group.label)': predicted \(FixedPoint.format(group.meanPredicted, places: 1)), "
                    + "delivered \(FixedPoint.format(group.meanDelivered, places: 1)) on average over \(group.executions) executions "
                    + "(ratio \(FixedPoint.format(ratio, places: 3)))",
                confidence: confidence))
        }
        return proposals
    }
}
