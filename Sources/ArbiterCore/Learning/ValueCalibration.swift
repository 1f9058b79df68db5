/// Step 2 of the learning batch: whether predicted value scores match the value delivered.
///
/// Reads the executions in the window that have a `value_delivered` and were predicted with the
/// factors now in force (`FactorCutoffs`). With fewer than the
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
        /// For a domain, the mean of predicted × k, k being the ratio of the row's priority where
        /// this run adjusts its weight, else 1; `meanPredicted` for a priority.
        public var meanWeightedPredicted: Double

        /// `meanWeightedPredicted` defaults to `meanPredicted`.
        public init(
            dimension: Dimension, label: String, executions: Int, meanPredicted: Double, meanDelivered: Double, meanWeightedPredicted: Double? = nil
        ) {
            self.dimension = dimension
            self.label = label
            self.executions = executions
            self.meanPredicted = meanPredicted
            self.meanDelivered = meanDelivered
            self.meanWeightedPredicted = meanWeightedPredicted ?? meanPredicted
        }

        /// mean(delivered) / mean(predicted); nil when the mean predicted value is 0, which has no ratio.
        public var ratio: Double? {
            meanPredicted != 0 ? meanDelivered / meanPredicted : nil
        }

        /// The ratio an adjustment of this group uses: mean(delivered) / `meanWeightedPredicted`,
        /// so a shortfall a priority weight corrects is not corrected again by the domain's modifier.
        public var residualRatio: Double? {
            meanWeightedPredicted != 0 ? meanDelivered / meanWeightedPredicted : nil
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

    struct Sums: CellSum {
        var count = 0
        var predicted = 0.0
        var delivered = 0.0

        mutating func add(_ other: Sums) {
            count += other.count
            predicted += other.predicted
            delivered += other.delivered
        }
    }

    /// The sums over one range of the store's chunks; partials of disjoint ranges, made with the
    /// same `shift`, merge into the whole.
    ///
    /// Sums are kept per (priority, domain) cell, so that a domain's ratio can be taken after
    /// this run's priority weights, which are known only once every row is summed.
    struct Partial: Sendable {
        var cells: CellSums<Sums>
        var n = 0
        var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
        var sampled: [Point] = []

        /// `shift` is subtracted from every pair before the co-moments are summed, so they do not cancel.
        init(_ store: ExecutionStore, window: LearningWindow, cutoffs: FactorCutoffs, chunks: Range<Int>, shift: (x: Double, y: Double)) {
            let labels = store.strings.count
            var cells = CellSums<Sums>(labels: labels)
            var n = 0
            var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
            let stride = max(1, store.count / (ValueCalibration.maximumPoints * 4))
            var sampled: [Point] = []
            var nextSample = 0
            let selection = RowSelection()
            for chunk in chunks {
                let chunkBase = chunk << ChunkedColumn<Int64>.chunkShift
                store.timestampsMs.withChunk(chunk) { timestamps in
                store.valuesDelivered.withChunk(chunk) { delivered in
                store.predictedValueScores.withChunk(chunk) { predicted in
                store.priorities.withChunk(chunk) { priorities in
                store.domains.withChunk(chunk) { domains in
                cutoffs.byGroup.withUnsafeBufferPointer { priorityCutoffs in
                cutoffs.byDomain.withUnsafeBufferPointer { domainCutoffs in
                    // `x == x` is false exactly for NaN (no value delivered), and compiles to one
                    // comparison; `isNaN` tests the exponent's bits with a branch.
                    selection.forEach(in: timestamps.count, where: {
                        RowSelection.both(delivered[$0] == delivered[$0], window.contains(timestamps[$0]))
                    }) { inWindow in
                        // The cutoffs test only the window's rows, and only when some label has one.
                        let rows = cutoffs.isEmpty ? inWindow : selection.keeping(inWindow) {
                            timestamps[$0] > max(priorityCutoffs[Int(priorities[$0])], domainCutoffs[Int(domains[$0])])
                        }
                        cells.forEach(rows, groups: priorities, domains: domains) { cell, row in
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
                            cell.count &+= 1
                            cell.predicted += x
                            cell.delivered += y
                            if chunkBase + row >= nextSample && sampled.count < ValueCalibration.maximumPoints {
                                nextSample = chunkBase + row + stride
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
            self.cells = cells
            self.n = n
            (self.sx, self.sy, self.sxx, self.syy, self.sxy) = (sx, sy, sxx, syy, sxy)
            self.sampled = sampled
        }

        /// Adds the sums of a later range of chunks.
        mutating func merge(_ later: Partial) {
            cells.merge(later.cells)
            n += later.n
            sx += later.sx
            sy += later.sy
            sxx += later.sxx
            syy += later.syy
            sxy += later.sxy
            sampled += later.sampled.prefix(ValueCalibration.maximumPoints - sampled.count)
        }
    }

    /// Measures over the executions of `store` in `window` that were predicted with the factors
    /// in force in `log` (see `FactorCutoffs`), with the minimum, the correlation threshold and
    /// the tolerance of `configuration`.
    public init(_ store: ExecutionStore, window: LearningWindow, log: AdjustmentLog, configuration: LearningConfiguration) {
        let partial = Partial(
            store, window: window, cutoffs: .values(store.strings, log: log), chunks: 0..<store.flags.chunkCount,
            shift: Self.shift(store, window: window))
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
        let priorities = partial.cells.groupTotals.map { id, sums in
            Group(
                dimension: .priority, label: store.strings[id], executions: sums.count,
                meanPredicted: sums.predicted / Double(sums.count), meanDelivered: sums.delivered / Double(sums.count))
        }
        // This run's priority weights, by group: the ratio where it proposes one, else 1.
        let weights = priorities.map { group in
            prioritiesExamined ? Self.proposedFactor(group.ratio, configuration.valueRatioTolerance) ?? 1 : 1
        }
        let domains = partial.cells.domainTotals { index, cell in
            Sums(count: cell.count, predicted: cell.predicted * weights[index], delivered: cell.delivered)
        }.map { id, total, weighted in
            let n = Double(total.count)
            return Group(
                dimension: .domain, label: store.strings[id], executions: total.count,
                meanPredicted: total.predicted / n, meanDelivered: total.delivered / n, meanWeightedPredicted: weighted.predicted / n)
        }
        let byLabel: (Group, Group) -> Bool = { ExactString.compare($0.label, $1.label) < 0 }
        groups = priorities.sorted(by: byLabel) + domains.sorted(by: byLabel)
        points = partial.sampled
    }

    /// `ratio` when it is far enough from 1 to be logged, else nil.
    private static func proposedFactor(_ ratio: Double?, _ tolerance: Double) -> Double? {
        guard let ratio, ratio.isFinite, (ratio - 1).magnitude > tolerance else { return nil }
        return ratio
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

    /// The adjustments the measured ratios call for, compounding on the values in force in `log`.
    ///
    /// Priority weights only when the correlation is below the threshold (or undefined); domain
    /// modifiers for every domain with enough executions, whatever the correlation, from what
    /// this run's priority weights leave (`residualRatio`).
    public func proposals(_ configuration: LearningConfiguration, log: AdjustmentLog) -> [AdjustmentProposal] {
        guard enoughData else { return [] }
        var proposals: [AdjustmentProposal] = []
        for group in groups {
            guard let ratio = Self.proposedFactor(group.residualRatio, configuration.valueRatioTolerance) else { continue }
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
                    + "(ratio \(residual(group)))",
                confidence: confidence))
        }
        return proposals
    }

    /// The ratio a group's adjustment uses, as its reason states it.
    private func residual(_ group: Group) -> String {
        let ratio = group.ratio.map { FixedPoint.format($0, places: 3) } ?? "none"
        guard group.dimension == .domain else { return ratio }
        return "\(ratio); \(group.residualRatio.map { FixedPoint.format($0, places: 3) } ?? "none") after this run's priority weights"
    }
}
