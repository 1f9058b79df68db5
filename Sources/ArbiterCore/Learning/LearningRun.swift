import Synchronization

/// Steps 1 to 3 of `run_learning` over a learned state: token calibration, value calibration
/// and cost-effectiveness analysis, and the adjustments they call for.
///
/// Pure: it reads the state and changes nothing. The server logs the proposals (or, for a dry
/// run, does not) after any later steps (A/B tests, alerts) have added theirs.
///
/// The three steps read the state independently, so a caller with threads to spare can run
/// them at once through `ParallelRunner`; the results do not depend on it.
public struct LearningRun: Sendable {
    /// Calls `body(0)` … `body(count - 1)`, in any order or at once, and returns when all are done.
    public typealias ParallelRunner = @Sendable (_ count: Int, _ body: @Sendable (Int) -> Void) -> Void

    /// Runs the calls one after another on the calling thread.
    public static let sequential: ParallelRunner = { count, body in
        for index in 0..<count { body(index) }
    }

    public var configuration: LearningConfiguration

    public init(configuration: LearningConfiguration = LearningConfiguration()) {
        self.configuration = configuration
    }

    /// What the run found, and the adjustments it proposes, in step order.
    public struct Outcome: Sendable {
        /// `adjustments` and `history` are left for whoever logs the proposals to fill in.
        public var report: LearningReport
        public var proposals: [AdjustmentProposal]

        public init(report: LearningReport, proposals: [AdjustmentProposal]) {
            self.report = report
            self.proposals = proposals
        }
    }

    public func analyze(
        _ state: LearningState, models: [ModelDescriptor], asOfMs: Int64, dryRun: Bool, parallel: ParallelRunner = LearningRun.sequential
    ) -> Outcome {
        let store = state.executions
        let configuration = configuration
        let tokenWindow = LearningWindow(endingAtMs: asOfMs, days: configuration.tokenWindowDays)
        let valueWindow = LearningWindow(endingAtMs: asOfMs, days: configuration.valueWindowDays)
        let costWindow = LearningWindow(endingAtMs: asOfMs, days: configuration.costWindowDays)
        // Each step over each half of the store's chunks: six pieces of work, merged in order,
        // so the results do not depend on how they were scheduled.
        let chunkCount = store.flags.chunkCount
        let halves = [0..<chunkCount / 2, chunkCount / 2..<chunkCount]
        let shift = ValueCalibration.shift(store, window: valueWindow)
        let tokenCutoffs = FactorCutoffs.tokens(store.strings, log: state.adjustments)
        let valueCutoffs = FactorCutoffs.values(store.strings, log: state.adjustments)
        let costParts = Mutex<[CostEffectiveness.Partial?]>([nil, nil])
        let tokenParts = Mutex<[TokenCalibration.Partial?]>([nil, nil])
        let valueParts = Mutex<[ValueCalibration.Partial?]>([nil, nil])
        // The longest step first, so the threads finish about together.
        parallel(6) { work in
            let half = work % 2
            switch work / 2 {
            case 0:
                let part = CostEffectiveness.Partial(
                    store, performance: state.performance, models: models, window: costWindow, configuration: configuration, chunks: halves[half])
                costParts.withLock { $0[half] = part }
            case 1:
                let part = TokenCalibration.Partial(store, window: tokenWindow, cutoffs: tokenCutoffs, chunks: halves[half])
                tokenParts.withLock { $0[half] = part }
            default:
                let part = ValueCalibration.Partial(store, window: valueWindow, cutoffs: valueCutoffs, chunks: halves[half], shift: shift)
                valueParts.withLock { $0[half] = part }
            }
        }
        func merged<Part>(_ parts: borrowing Mutex<[Part?]>, _ merge: (inout Part, Part) -> Void) -> Part? {
            let both = parts.withLock { $0 }
            guard var first = both[0], let second = both[1] else { return nil }
            merge(&first, second)
            return first
        }
        guard let cost = merged(costParts, { $0.merge($1) }),
              let token = merged(tokenParts, { $0.merge($1) }),
              let value = merged(valueParts, { $0.merge($1) }) else {
            preconditionFailure("the parallel runner skipped work")
        }
        let tokens = TokenCalibration(store, window: tokenWindow, configuration: configuration, partial: token)
        let values = ValueCalibration(store, window: valueWindow, configuration: configuration, partial: value)
        let costs = CostEffectiveness(store, models: models, window: costWindow, configuration: configuration, partial: cost)
        let proposals = tokens.proposals(configuration, log: state.adjustments)
            + values.proposals(configuration, log: state.adjustments)
            + costs.proposals(configuration)
        var report = LearningReport(
            asOfMs: asOfMs, dryRun: dryRun, graduationThreshold: configuration.graduationThreshold,
            executionsStored: store.count, tokens: tokens, values: values, costs: costs,
            valuePerDollar: ValuePerDollarCell.heatMap(state.performance), configuration: configuration)
        if let retries = RetrySummary.section(firstAttempts: state.performance, retries: state.retryPerformance) {
            report.sections.append(retries)
        }
        return Outcome(report: report, proposals: proposals)
    }
}
