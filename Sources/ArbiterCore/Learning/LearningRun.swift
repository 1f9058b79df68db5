/// Steps 1 to 3 of `run_learning` over a learned state: token calibration, value calibration
/// and cost-effectiveness analysis, and the adjustments they call for.
///
/// Pure: it reads the state and changes nothing. The server logs the proposals (or, for a dry
/// run, does not) after any later steps (A/B tests, alerts) have added theirs.
public struct LearningRun: Sendable {
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

    public func analyze(_ state: LearningState, models: [ModelDescriptor], asOfMs: Int64, dryRun: Bool) -> Outcome {
        let store = state.executions
        let tokens = TokenCalibration(store, window: LearningWindow(endingAtMs: asOfMs, days: configuration.tokenWindowDays))
        let values = ValueCalibration(
            store, window: LearningWindow(endingAtMs: asOfMs, days: configuration.valueWindowDays),
            configuration: configuration)
        let costs = CostEffectiveness(
            store, performance: state.performance, models: models,
            window: LearningWindow(endingAtMs: asOfMs, days: configuration.costWindowDays), configuration: configuration)
        let proposals = tokens.proposals(configuration, log: state.adjustments)
            + values.proposals(configuration, log: state.adjustments)
            + costs.proposals(configuration)
        let report = LearningReport(
            asOfMs: asOfMs, dryRun: dryRun, graduationThreshold: configuration.graduationThreshold,
            executionsStored: store.count, tokens: tokens, values: values, costs: costs,
            valuePerDollar: ValuePerDollarCell.heatMap(state.performance))
        return Outcome(report: report, proposals: proposals)
    }
}
