import ArbiterCore

/// Where later batch steps plug into `run_learning` and into the adjustment log.
///
/// - `steps` run as step 4 of every `run_learning`, after the token, value and cost steps and
///   before anything is logged, in order. Each may add proposals (logged like the others,
///   with the same graduation) and report sections. They see the state the run analyses.
///   A dry run calls them too; it then logs nothing.
/// - `adjustmentObservers` are called, on the recorder, with every batch of adjustments that
///   was newly logged or changed status (by a run, `apply_adjustment` or `reject_adjustment`),
///   once the batch is durable. They must not block: hand the work to an actor of their own.
struct LearningHooks: Sendable {
    typealias Step = @Sendable (_ outcome: inout LearningRun.Outcome, _ state: LearningState) -> Void
    typealias AdjustmentObserver = @Sendable (_ adjustments: [Adjustment]) -> Void

    var steps: [Step] = []
    var adjustmentObservers: [AdjustmentObserver] = []

    init(steps: [Step] = [], adjustmentObservers: [AdjustmentObserver] = []) {
        self.steps = steps
        self.adjustmentObservers = adjustmentObservers
    }
}
