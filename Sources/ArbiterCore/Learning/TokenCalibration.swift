/// Step 1 of the learning batch: how far actual token counts are from the predictions, by complexity and by domain.
///
/// For each group the mean of actual / max(predicted, 1), separately for input and output tokens.
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

        public init(dimension: Dimension, label: String, executions: Int, meanInputRatio: Double, meanOutputRatio: Double) {
            self.dimension = dimension
            self.label = label
            self.executions = executions
            self.meanInputRatio = meanInputRatio
            self.meanOutputRatio = meanOutputRatio
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
    /// Executions in the window.
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

    struct Sums {
        var count = 0
        var input = 0.0
        var output = 0.0
        var points = 0
    }

    /// The sums over one range of the store's chunks; partials of disjoint ranges merge into the whole.
    struct Partial: Sendable {
        var byComplexity: [Sums]
        var byDomain: [Sums]
        var sampled: [(row: Int, complexity: StringInterner.ID)] = []
        var inWindow = 0

        init(_ store: ExecutionStore, window: LearningWindow, chunks: Range<Int>) {
            let labels = store.strings.count
            var byComplexity = [Sums](repeating: Sums(), count: labels)
            var byDomain = [Sums](repeating: Sums(), count: labels)
            // Every `stride`-th row is a scatter candidate, so the sample spreads over the whole store.
            let stride = max(1, store.count / (TokenCalibration.maximumPoints * 8))
            var sampled: [(row: Int, complexity: StringInterner.ID)] = []
            var nextSample = 0
            var inWindow = 0
            let selection = RowSelection()
            for chunk in chunks {
                let base = chunk << ChunkedColumn<Int64>.chunkShift
                store.timestampsMs.withChunk(chunk) { timestamps in
                store.complexities.withChunk(chunk) { complexities in
                store.domains.withChunk(chunk) { domains in
                store.predictedInputTokens.withChunk(chunk) { predictedInput in
                store.predictedOutputTokens.withChunk(chunk) { predictedOutput in
                store.actualInputTokens.withChunk(chunk) { actualInput in
                store.actualOutputTokens.withChunk(chunk) { actualOutput in
                    byComplexity.withUnsafeMutableBufferPointer { byComplexity in
                    byDomain.withUnsafeMutableBufferPointer { byDomain in
                    selection.forEach(in: timestamps.count, where: { window.contains(timestamps[$0]) }) { rows in
                        inWindow &+= rows.count
                        for selected in rows {
                            let row = Int(selected)
                            let input = Double(actualInput[row]) / Double(max(predictedInput[row], 1))
                            let output = Double(actualOutput[row]) / Double(max(predictedOutput[row], 1))
                            let complexity = Int(complexities[row])
                            let domain = Int(domains[row])
                            byComplexity[complexity].count &+= 1
                            byComplexity[complexity].input += input
                            byComplexity[complexity].output += output
                            byDomain[domain].count &+= 1
                            byDomain[domain].input += input
                            byDomain[domain].output += output
                            if base + row >= nextSample {
                                nextSample = base + row + stride
                                if byComplexity[complexity].points < TokenCalibration.maximumPoints {
                                    byComplexity[complexity].points += 1
                                    sampled.append((base + row, complexities[row]))
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
            self.byComplexity = byComplexity
            self.byDomain = byDomain
            self.sampled = sampled
            self.inWindow = inWindow
        }

        /// Adds the sums of a later range of chunks.
        mutating func merge(_ later: Partial) {
            for index in byComplexity.indices {
                byComplexity[index].count += later.byComplexity[index].count
                byComplexity[index].input += later.byComplexity[index].input
                byComplexity[index].output += later.byComplexity[index].output
                byDomain[index].count += later.byDomain[index].count
                byDomain[index].input += later.byDomain[index].input
                byDomain[index].output += later.byDomain[index].output
            }
            var points = [Int](repeating: 0, count: byComplexity.count)
            for sample in sampled { points[Int(sample.complexity)] += 1 }
            for sample in later.sampled where points[Int(sample.complexity)] < TokenCalibration.maximumPoints {
                points[Int(sample.complexity)] += 1
                sampled.append(sample)
            }
            inWindow += later.inWindow
        }
    }

    /// Measures the ratios over the executions of `store` in `window`, in one pass over its columns.
    public init(_ store: ExecutionStore, window: LearningWindow) {
        self.init(store, window: window, partial: Partial(store, window: window, chunks: 0..<store.flags.chunkCount))
    }

    /// The calibration from the merged partials of every chunk.
    init(_ store: ExecutionStore, window: LearningWindow, partial: Partial) {
        self.init(window: window)
        executions = partial.inWindow
        groups = Self.groups(partial.byComplexity, .complexity, store.strings) + Self.groups(partial.byDomain, .domain, store.strings)
        points = partial.sampled.map { sample in
            Point(
                complexity: store.strings[sample.complexity],
                predictedInputTokens: store.predictedInputTokens[sample.row],
                actualInputTokens: store.actualInputTokens[sample.row],
                predictedOutputTokens: store.predictedOutputTokens[sample.row],
                actualOutputTokens: store.actualOutputTokens[sample.row])
        }
    }

    private static func groups(_ sums: [Sums], _ dimension: Group.Dimension, _ strings: StringInterner) -> [Group] {
        var groups: [Group] = []
        for (id, sum) in sums.enumerated() where sum.count > 0 {
            let n = Double(sum.count)
            groups.append(Group(
                dimension: dimension, label: strings[StringInterner.ID(id)], executions: sum.count,
                meanInputRatio: sum.input / n, meanOutputRatio: sum.output / n))
        }
        return groups.sorted { ExactString.compare($0.label, $1.label) < 0 }
    }

    /// The adjustments the measured ratios call for, compounding on the multipliers in force in `log`.
    ///
    /// Predictions were made with the multiplier in force, so the new multiplier is that one
    /// times the measured ratio.
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
            for (name, ratio, kind) in [(names.0, group.meanInputRatio, "input"), (names.1, group.meanOutputRatio, "output")]
            where ratio.isFinite && (ratio - 1).magnitude > configuration.tokenRatioTolerance {
                let original = log.effectiveValue(named: name)
                proposals.append(AdjustmentProposal(
                    parameterName: name, parameterType: .tokenEstimation,
                    originalValue: original, adjustedValue: original * ratio,
                    reason: "\(group.dimension.rawValue) '\(group.label)': mean actual/predicted \(kind) tokens \(FixedPoint.format(ratio, places: 3)) "
                        + "over \(group.executions) executions (more than \(FixedPoint.format(configuration.tokenRatioTolerance * 100, places: 0))% from 1)",
                    confidence: confidence))
            }
        }
        return proposals
    }
}
