import ArbiterCore
import ArbiterWire
import Dispatch
import Foundation

/// The learning batch on the recorder: `run_learning`, the adjustment log and the report.
extension Recorder {
    /// The windows and thresholds in force: the catalog's `learning:` section (swapped by
    /// `reload_catalog`), with `--graduation-threshold` over its graduation threshold when given.
    var learningConfiguration: LearningConfiguration {
        var learning = catalog.catalog.learning
        if let threshold = configuration.graduationThreshold {
            learning.graduationThreshold = threshold
        }
        return learning
    }

    /// Runs the learning batch as `request` asks and returns its report.
    ///
    /// The analysis runs off the actor on a copy of the state, so recording goes on meanwhile;
    /// runs take turns, so each one compounds on the adjustments the one before logged.
    /// A dry run logs nothing and changes nothing.
    func runLearning(_ request: LearningRequest) async throws(ArbiterError) -> LearningReport {
        let learning = try request.configuration(overriding: learningConfiguration)
        await takeLearningTurn()
        defer { endLearningTurn() }

        let asOfMs = request.asOfMs ?? Self.nowMs()
        var outcome = await analyze(configuration: learning, asOfMs: asOfMs, dryRun: request.dryRun)
        if request.dryRun {
            outcome.report.adjustments = state.adjustments.logging(
                outcome.proposals, nowMs: Self.nowMs(), effectiveDateMs: asOfMs, graduationThreshold: learning.graduationThreshold, makeID: { "" })
        } else {
            // Effective at as_of, the data time measured to, not the wall clock: the next run
            // measures these factors on executions after it (`AdjustmentLog.cutoffMs`), which
            // for a run over past data are the executions after as_of.
            outcome.report.adjustments = try await log(outcome.proposals, graduationThreshold: learning.graduationThreshold, effectiveDateMs: asOfMs)
            // Monitoring: every rule after every run (adjustment_drift on what it logged).
            await evaluateAlerts(adjustments: outcome.report.adjustments)
            logger.info("learning run", metadata: [
                "as_of_ms": "\(asOfMs)", "adjustments": "\(outcome.report.adjustments.count)",
                "applied": "\(outcome.report.adjustments.filter { $0.status == .applied }.count)",
            ])
        }
        // Drift was judged on every adjustment logged; the report lists what a reply and a log record hold.
        outcome.report.limitLists()
        outcome.report.history = Self.history(state.adjustments)
        if !request.dryRun { try await keep(outcome.report) }
        return outcome.report
    }

    /// Logs adjustments proposed by any batch step: durably, graduating those whose confidence
    /// reaches `graduationThreshold` (the configured one when nil) with effect from
    /// `effectiveDateMs` (now when nil), and publishing the new estimation parameters before it
    /// returns. Observers hear of them once they are durable.
    func log(
        _ proposals: [AdjustmentProposal], graduationThreshold: Double? = nil, effectiveDateMs: Int64? = nil
    ) async throws(ArbiterError) -> [Adjustment] {
        guard !proposals.isEmpty else { return [] }
        let adjustments = state.adjustments.logging(
            proposals, nowMs: Self.nowMs(), effectiveDateMs: effectiveDateMs,
            graduationThreshold: graduationThreshold ?? learningConfiguration.graduationThreshold,
            makeID: { UUID().uuidString.lowercased() })
        try await commit(adjustments.map { .adjustment($0) })
        return adjustments
    }

    /// Applies or rejects adjustment `id`; changing it to the status it has changes nothing.
    ///
    /// An `ab_graduation` adjustment follows its A/B test (`changeGraduation`): rejecting it
    /// reverts the graduation.
    func setAdjustmentStatus(id: String, to status: Adjustment.Status) async throws(ArbiterError) -> Adjustment {
        guard !id.isEmpty else { throw ArbiterError(.invalidArgument, "id must not be empty", field: "id") }
        let changed = try state.adjustments.changingStatus(id: id, to: status, nowMs: Self.nowMs())
        guard changed != state.adjustments.adjustment(id: id) else { return changed }
        if changed.parameterType == .abGraduation { return try await changeGraduation(changed) }
        try await commit([.adjustment(changed)])
        return changed
    }

    func adjustments(matching filter: AdjustmentFilter) throws(ArbiterError) -> [Adjustment] {
        try filter.validate()
        return state.adjustments.adjustments(matching: filter)
    }

    func parameters() -> [EffectiveParameter] {
        EffectiveParameter.all(estimation: catalog.catalog.estimation, log: state.adjustments)
    }

    /// The latest run's report, or a dry run as of `asOfMs` (now when nil, and no run happened yet).
    func report(asOfMs: Int64?) async -> LearningReport {
        if asOfMs == nil, var latest = state.latestReport {
            latest.history = Self.history(state.adjustments)
            return latest
        }
        let learning = learningConfiguration
        let asOfMs = asOfMs ?? Self.nowMs()
        var outcome = await analyze(configuration: learning, asOfMs: asOfMs, dryRun: true)
        outcome.report.adjustments = state.adjustments.logging(
            outcome.proposals, nowMs: Self.nowMs(), effectiveDateMs: asOfMs, graduationThreshold: learning.graduationThreshold, makeID: { "" })
        outcome.report.limitLists()
        outcome.report.history = Self.history(state.adjustments)
        return outcome.report
    }

    private func takeLearningTurn() async {
        guard learningBusy else {
            learningBusy = true
            return
        }
        await withCheckedContinuation { learningWaiters.append($0) }
    }

    /// Hands the turn to the next waiting run, if any.
    private func endLearningTurn() {
        if learningWaiters.isEmpty {
            learningBusy = false
        } else {
            learningWaiters.removeFirst().resume()
        }
    }

    /// Makes `report` the latest run's, durably, so `get_report` serves it after a restart too.
    private func keep(_ report: LearningReport) async throws(ArbiterError) {
        var stored = report
        stored.history = []  // read from the adjustment log when the report is served
        do {
            try await commit([.learningReport(stored)])
        } catch {
            throw ArbiterError(error.code, "the run's adjustments are logged, but its report was not kept: \(error.message)")
        }
    }

    /// Steps 1-3 on a copy of the state, off the actor, then the hooked steps.
    private func analyze(configuration learning: LearningConfiguration, asOfMs: Int64, dryRun: Bool) async -> LearningRun.Outcome {
        let captured = state
        let models = catalog.catalog.models
        let steps = configuration.learningHooks.steps
        return await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                // The steps side by side on the global queue's threads: a run over a million
                // executions takes about twenty milliseconds of CPU, half of it in the cost step.
                var outcome = LearningRun(configuration: learning).analyze(
                    captured, models: models, asOfMs: asOfMs, dryRun: dryRun,
                    parallel: { count, body in DispatchQueue.concurrentPerform(iterations: count, execute: body) })
                for step in steps { step(&outcome, captured) }
                continuation.resume(returning: outcome)
            }
        }
    }

    private static func history(_ log: AdjustmentLog) -> [Adjustment] {
        Array(log.adjustments.suffix(LearningReport.maximumHistory))
    }
}
