/// Step 1 of the learning batch: how far actual token counts are from the predictions, by complexity and by domain.
///
/// For each group the mean of actual / max(predicted, 1), separately for input and output tokens,
/// over the rows of the window predicted with the factors now in force (`FactorCutoffs`).
public struct TokenCalibration: Sendable, Hashable {
    /// One complexity's or one domain's measured ratios.
    public struct Group: Sendable, Hashable {
        public enum Dimension: String, Sendable, Hashable {
            case complexity, domain
        }

        public var dimension: Dimension
        public var label: String
        public var executions: Int
        public var meanInputRatio: Double
        public var meanOutputRatio: Double
        /// The ratio an input adjustment of this group uses: the mean for a complexity; for a
        /// domain, the mean of actual / (max(predicted, 1) × k), k being the ratio of the row's
        /// complexity where this run adjusts it, else 1, so a shortfall is corrected once.
        public var residualInputRatio: Double
        /// As `residualInputRatio`, for output tokens.
        public var residualOutputRatio: Double

        /// The residual ratios default to the means.
        public init(
            dimension: Dimension, label: String, executions: Int, meanInputRatio: Double, meanOutputRatio: Double,
            residualInputRatio: Double? = nil, residualOutputRatio: Double? = nil
        ) {
            self.dimension = dimension
            self.label = label
            self.executions = executions
            self.meanInputRatio = meanInputRatio
            self.meanOutputRatio = meanOutputRatio
            self.residualInputRatio = residualInputRatio ?? meanInputRatio
            self.residualOutputRatio = residualOutputRatio ?? meanOutputRatio
        }
    }

    /// A sampled execution for the predicted-vs-actual scatter chart.
    public struct Point: Sendable, Hashable {
        public var complexity: String
        public var predictedInputTokens: Int64
        public var actualInputTokens: Int64
        public var predictedOutputTokens: Int64
        public var actualOutputTokens: Int64

        public init(complexity: String, predictedInputTokens: Int64, actualInputTokens: Int64, predictedOutputTokens: Int64, actualOutputTokens: Int64) {
            self.complexity = complexity
            self.predictedInputTokens = predictedInputTokens
            self.actualInputTokens = actualInputTokens
            self.predictedOutputTokens = predictedOutputTokens
            self.actualOutputTokens = actualOutputTokens
        }
    }

    public var window: LearningWindow
    /// Executions in the window read: those predicted with the factors now in force.
    public var executions: Int
    /// Complexities first, then domains; each in UTF-8 byte order of the label.
    public var groups: [Group]
    /// An even sample of the window's executions, at most `maximumPoints` per complexity.
    public var points: [Point]

    public static let maximumPoints = 200

    public init(window: LearningWindow, executions: Int = 0, groups: [Group] = [], points: [Point] = []) {
        self.window = window
        self.executions = executions
        self.groups = groups
        self.points = points
    }

    struct Sums: CellSum {
        var count = 0
        var input = 0.0
        var output = 0.0

        mutating func add(_ other: Sums) {
            count += other.count
            input += other.input
            output += other.output
        }
    }

    /// The sums over one range of the store's chunks; partials of disjoint ranges merge into the whole.
    ///
    /// Sums are kept per (complexity, domain) cell, so that a domain's ratio can be taken after
    /// this run's complexity factors, which are known only once every row is summed.
    struct Partial: Sendable {
        var cells: CellSums<Sums>
        var sampled: [(row: Int, complexity: StringInterner.ID)] = []
        var read = 0

        init(_ store: ExecutionStore, window: LearningWindow, cutoffs: FactorCutoffs, chunks: Range<Int>) {
            let labels = store.strings.count
            var cells = CellSums<Sums>(labels: labels)
            var points = [Int](repeating: 0, count: labels)
            // Every `stride`-th row is a scatter candidate, so the sample spreads over the whole store.
            let stride = max(1, store.count / (TokenCalibration.maximumPoints * 8))
            var sampled: [(row: Int, complexity: StringInterner.ID)] = []
            var nextSample = 0
            var read = 0
            let selection = RowSelection()
            for chunk in chunks {
                let chunkBase = chunk << ChunkedColumn<Int64>.chunkShift
                store.timestampsMs.withChunk(chunk) { timestamps in
                store.complexities.withChunk(chunk) { complexities in
                store.domains.withChunk(chunk) { domains in
                store.predictedInputTokens.withChunk(chunk) { predictedInput in
                store.predictedOutputTokens.withChunk(chunk) { predictedOutput in
                store.actualInputTokens.withChunk(chunk) { actualInput in
                store.actualOutputTokens.withChunk(chunk) { actualOutput in
                cutoffs.byGroup.withUnsafeBufferPointer { complexityCutoffs in
                cutoffs.byDomain.withUnsafeBufferPointer { domainCutoffs in
                    // A worker that does not count tokens sends 0: such a row says nothing of the
                    // estimate, and read as a ratio of 0 it would drive the factor to 0.
                    selection.forEach(
                        in: timestamps.count,
                        where: { RowSelection.both(window.contains(timestamps[$0]), RowSelection.both(actualInput[$0] > 0, actualOutput[$0] > 0)) }
                    ) { inWindow in
                        // The cutoffs test only the window's rows, and only when some label has one.
                        let rows = cutoffs.isEmpty ? inWindow : selection.keeping(inWindow) {
                            timestamps[$0] > max(complexityCutoffs[Int(complexities[$0])], domainCutoffs[Int(domains[$0])])
                        }
                        read &+= rows.count
                        cells.forEach(rows, groups: complexities, domains: domains) { cell, row in
                            cell.count &+= 1
                            cell.input += Double(actualInput[row]) / Double(max(predictedInput[row], 1))
                            cell.output += Double(actualOutput[row]) / Double(max(predictedOutput[row], 1))
                            if chunkBase + row >= nextSample {
                                nextSample = chunkBase + row + stride
                                let complexity = Int(complexities[row])
                                if points[complexity] < TokenCalibration.maximumPoints {
                                    points[complexity] += 1
                                    sampled.append((chunkBase + row, complexities[row]))
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
                }
                }
            }
            self.cells = cells
            self.sampled = sampled
            self.read = read
        }

        /// Adds the sums of a later range of chunks.
        mutating func merge(_ later: Partial) {
            cells.merge(later.cells)
            var points = [Int](repeating: 0, count: cells.labels)
            for sample in sampled { points[Int(sample.complexity)] += 1 }
            for sample in later.sampled where points[Int(sample.complexity)] < TokenCalibration.maximumPoints {
                points[Int(sample.complexity)] += 1
                sampled.append(sample)
            }
            read += later.read
        }
    }

    /// Measures the ratios over the executions of `store` in `window` that were predicted with
    /// the factors in force in `log` (see `FactorCutoffs`), in one pass over its columns; the
    /// domains' residual ratios follow the tolerance of `configuration`.
    public init(_ store: ExecutionStore, window: LearningWindow, log: AdjustmentLog, configuration: LearningConfiguration) {
        let partial = Partial(store, window: window, cutoffs: .tokens(store.strings, log: log), chunks: 0..<store.flags.chunkCount)
        self.init(store, window: window, configuration: configuration, partial: partial)
    }

    /// The calibration from the merged partials of every chunk.
    init(_ store: ExecutionStore, window: LearningWindow, configuration: LearningConfiguration, partial: Partial) {
        self.init(window: window)
        executions = partial.read
        let complexities = partial.cells.groupTotals.map { id, sums in
            Group(
                dimension: .complexity, label: store.strings[id], executions: sums.count,
                meanInputRatio: sums.input / Double(sums.count), meanOutputRatio: sums.output / Double(sums.count))
        }
        // This run's complexity factors, by group: the ratio where it proposes one, else 1.
        let tolerance = configuration.tokenRatioTolerance
        let factors = complexities.map { group in
            (input: Self.proposes(group.meanInputRatio, tolerance) ? group.meanInputRatio : 1,
             output: Self.proposes(group.meanOutputRatio, tolerance) ? group.meanOutputRatio : 1)
        }
        let domains = partial.cells.domainTotals { index, cell in
            Sums(count: cell.count, input: cell.input / factors[index].input, output: cell.output / factors[index].output)
        }.map { id, total, residual in
            let n = Double(total.count)
            return Group(
                dimension: .domain, label: store.strings[id], executions: total.count,
                meanInputRatio: total.input / n, meanOutputRatio: total.output / n,
                residualInputRatio: residual.input / n, residualOutputRatio: residual.output / n)
        }
        let byLabel: (Group, Group) -> Bool = { ExactString.compare($0.label, $1.label) < 0 }
        groups = complexities.sorted(by: byLabel) + domains.sorted(by: byLabel)
        points = partial.sampled.map { sample in
            Point(
                complexity: store.strings[sample.complexity],
                predictedInputTokens: store.predictedInputTokens[sample.row],
                actualInputTokens: store.actualInputTokens[sample.row],
                predictedOutputTokens: store.predictedOutputTokens[sample.row],
                actualOutputTokens: store.actualOutputTokens[sample.row])
        }
    }

    /// Whether a measured ratio is far enough from 1 to be logged.
    private static func proposes(_ ratio: Double, _ tolerance: Double) -> Bool {
        ratio.isFinite && (ratio - 1).magnitude > tolerance
    }

    /// The adjustments the measured ratios call for, compounding on the multipliers in force in `log`.
    ///
    /// The rows read were predicted with the multiplier in force, so the new multiplier is that
    /// one times the measured ratio: the mean for a complexity, the residual ratio for a domain.
    public func proposals(_ configuration: LearningConfiguration, log: AdjustmentLog) -> [AdjustmentProposal] {
        var proposals: [AdjustmentProposal] = []
        for group in groups {
            let confidence = min(Double(group.executions) / Double(configuration.tokenFullConfidenceCount), 1)
            let names = switch group.dimension {
            case .complexity:
                (ParameterAdjustments.tokenEstimateInputName(complexity: group.label), ParameterAdjustments.tokenEstimateOutputName(complexity: group.label))
            case .domain:
                (ParameterAdjustments.tokenEstimateInputDomainName(domain: group.label), ParameterAdjustments.tokenEstimateOutputDomainName(domain: group.label))
            }
            let directions = [
                (names.0, group.meanInputRatio, group.residualInputRatio, "input"), (names.1, group.meanOutputRatio, group.residualOutputRatio, "output"),
            ]
            for (name, mean, ratio, kind) in directions where Self.proposes(ratio, configuration.tokenRatioTolerance) {
                let original = log.effectiveValue(named: name)
                let residual = group.dimension == .domain ? ", \(FixedPoint.format(ratio, places: 3)) after this run's complexity factors," : ""
                proposals.append(AdjustmentProposal(
                    parameterName: name, parameterType: .tokenEstimation,
                    originalValue: original, adjustedValue: original * ratio,
                    reason: "\(group.dimension.rawValue) '\(group.label)': mean actual/predicted \(kind) tokens "
                        + "\(FixedPoint.format(mean, places: 3))\(residual) over \(group.executions) executions (more than \(FixedPoint.format(configuration.tokenRatioTolerance * 100, places: 0))% from 1)",
                    confidence: confidence))
            }
        }
        return proposals
    }
}
