import ArbiterCore
import ArbiterWire
import Dispatch
import Foundation
import Logging

/// Validates executions, logs them durably and applies them to the learned state.
///
/// Every change goes through ``commit(_:nowMs:)``: state changes happen before the actor
/// awaits the log flush, so concurrent calls interleave at the flush and share it (group
/// commit) while each call still answers only once its own record is on disk.
actor Recorder {
    struct Configuration: Sendable {
        var validator = ExecutionValidator(limits: ExecutionLimits())
        /// A snapshot is taken once the current log segment passes this size.
        var snapshotAfterBytes: Int64 = 64 << 20
        /// Overrides the catalog's graduation threshold when set; the catalog holds the other learning thresholds.
        var graduationThreshold: Double?
        /// Later batch steps and observers of logged adjustments (see `LearningHooks`).
        var learningHooks = LearningHooks()
        var alertThresholds = AlertThresholds()
        /// Degradation and cost efficiency are judged at most this often while executions arrive.
        var alertEvaluationInterval: Duration = .seconds(1)
        /// Where `reload_catalog` may load files from.
        var catalogDirectory = CatalogDirectory.none
    }

    // Internal rather than private: the learning batch (Recorder+Learning.swift) reads and logs into them.
    var state: LearningState
    var catalog: CatalogState
    private var ledger: SubscriptionLedger
    /// The catalog's subscription models, which each recorded execution is looked up in.
    private var subscriptionModels: SubscriptionModels
    private let board: RankingBoard
    /// What every published snapshot shares until the catalog, an estimation adjustment or an A/B test changes.
    private var engines: RankingEngines
    /// Whether the state ranking reads changed since the last published snapshot, and whether
    /// the engines' inputs did too (see ``publishIfStale()``).
    private var snapshotStale = false
    private var enginesStale = false
    let wal: WriteAheadLog
    let configuration: Configuration
    let logger: Logger
    /// Whether a learning run is in progress, and the runs waiting for their turn: runs take
    /// turns, so each one compounds on the adjustments the one before logged.
    var learningBusy = false
    var learningWaiters: [CheckedContinuation<Void, Never>] = []
    /// Every A/B test (Recorder+AbTesting.swift).
    var abTests: AbTestRegistry
    /// The background snapshot being written, if any; at most one runs at a time.
    private var snapshotTask: Task<Void, Never>?
    private(set) var lastSnapshot: (segment: UInt64, timeMs: Int64)
    /// Judges the monitoring rules; its findings become alerts in `state.alerts`.
    private var monitor: AlertMonitor
    /// Where raised alerts are published; nil with `--alerts none`.
    private let publisher: AlertPublisher?
    /// The pending judgement of what arrived since the last one, if any.
    private var alertEvaluation: Task<Void, Never>?
    /// When every series was last judged (days pass even when nothing arrives).
    private var lastFullEvaluation = ContinuousClock.now

    /// The catalog in force and where it came from.
    struct CatalogState: Sendable {
        var catalog: ModelCatalog
        /// The file it was loaded from; empty for the built-in default.
        var source: String
        var loadedAtMs: Int64
    }

    init(
        state: LearningState, abTests: AbTestRegistry = AbTestRegistry(), catalog: CatalogState, wal: WriteAheadLog,
        lastSnapshot: (UInt64, Int64), configuration: Configuration, publisher: AlertPublisher? = nil, logger: Logger
    ) {
        self.state = state
        self.abTests = abTests
        self.catalog = catalog
        let subscriptionModels = SubscriptionModels(catalog.catalog)
        self.subscriptionModels = subscriptionModels
        let ledger = Self.ledger(replaying: state.executions, subscriptions: subscriptionModels)
        self.ledger = ledger
        let engines = Self.engines(catalog: catalog, adjustments: state.adjustments, limits: configuration.validator.limits, abTests: abTests)
        self.engines = engines
        let board = RankingBoard(RankingSnapshot(engines: engines, performance: state.performance, retryPerformance: state.retryPerformance, ledger: ledger))
        self.board = board
        self.wal = wal
        self.lastSnapshot = lastSnapshot
        var configuration = configuration
        // run_learning analyses the running A/B tests as one of its steps.
        configuration.learningHooks.steps.append(AbTestLearningStep.step(tests: { board.snapshot.abTests }))
        self.configuration = configuration
        self.logger = logger
        self.publisher = publisher
        monitor = Self.monitor(replaying: state.executions, thresholds: configuration.alertThresholds)
    }

    func record(_ execution: TaskExecution) async throws(ArbiterError) -> RecordOutcome {
        let nowMs = Self.nowMs()
        var execution = execution
        do {
            try prepare(&execution, nowMs: nowMs)
        } catch {
            throw error.nested(under: "execution")
        }
        if state.executions.contains(executionID: execution.executionID) {
            // The first copy may still be waiting for its flush: answer only once it is durable.
            try await awaitDurable(wal.appendedSequence)
            return RecordOutcome(executionID: execution.executionID, duplicate: true)
        }
        try await commit([.execution(execution)], nowMs: nowMs)
        return RecordOutcome(executionID: execution.executionID, duplicate: false)
    }

    /// Records a batch; its size limit is enforced while decoding (``WireCodec/decodeRequest(_:maxBatchSize:)``).
    func record(batch: [TaskExecution]) async throws(ArbiterError) -> BatchOutcome {
        let nowMs = Self.nowMs()
        var outcome = BatchOutcome()
        outcome.executionIDs.reserveCapacity(batch.count)
        var accepted: [DurableRecord] = []
        var seenInBatch = Set<String>()
        for (index, item) in batch.enumerated() {
            var execution = item
            do {
                try prepare(&execution, nowMs: nowMs)
            } catch {
                outcome.rejected.append(.init(index: index, error: error.nested(under: "executions[\(index)]")))
                outcome.executionIDs.append("")
                continue
            }
            outcome.executionIDs.append(execution.executionID)
            if state.executions.contains(executionID: execution.executionID) || !seenInBatch.insert(execution.executionID).inserted {
                outcome.duplicates += 1
                continue
            }
            accepted.append(.execution(execution))
        }
        if accepted.isEmpty {
            // Duplicates only: their first copies may still be waiting for their flush.
            try await awaitDurable(wal.appendedSequence)
        } else {
            try await commit(accepted, nowMs: nowMs)
            outcome.accepted = accepted.count
        }
        return outcome
    }

    /// Logs `records` in one write, applies them, and returns once they are on disk: the one
    /// way every change (executions, adjustments, A/B tests, reports, alerts) reaches the log
    /// and the state.
    ///
    /// Nothing of them is applied when the log refuses them. Observers of logged adjustments
    /// hear of them once they are durable. `nowMs` is when executions arrived, read once per call.
    /// `forceFlush` flushes them even when the fsync policy would not.
    func commit(_ records: [DurableRecord], nowMs: Int64 = Recorder.nowMs(), forceFlush: Bool = false) async throws(ArbiterError) {
        var frames: [UInt8] = []
        for record in records {
            do {
                try record.frame(into: &frames)
            } catch {
                throw ArbiterError(.resourceExhausted, "cannot log a \(record.kind) record of \(error); nothing of this change was logged")
            }
        }
        let sequence = try wal.append(frames)
        var executions = false
        for record in records {
            if case .execution(let execution) = record {
                apply(execution, nowMs: nowMs)
                executions = true
            } else {
                record.apply(to: &state, &abTests)
                if Self.changesEngines(record) { enginesStale = true }
            }
        }
        scheduleSnapshotIfDue()
        if executions { scheduleAlertEvaluation() }
        try await awaitDurable(sequence, forceFlush: forceFlush)
        let adjustments = records.compactMap(\.adjustment)
        if !adjustments.isEmpty {
            for observer in configuration.learningHooks.adjustmentObservers { observer(adjustments) }
        }
    }

    /// Whether `record` changes what ``RankingEngines`` are made of: an A/B test, or an
    /// adjustment of the estimation parameters.
    private static func changesEngines(_ record: DurableRecord) -> Bool {
        switch record {
        case .abTest, .abTestChange: true
        case .adjustment(let adjustment): adjustment.parameterType.changesEstimation
        case .execution, .learningReport, .alert, .alertCondition: false
        }
    }

    /// Returns once everything up to `sequence` is on disk, with ranking reading what the
    /// writes before it changed.
    ///
    /// The first call to resume after a shared flush publishes one snapshot for the whole
    /// group; the others find it published. Each call publishes before it answers, so a client
    /// that has its answer reads its own write in its next request.
    private func awaitDurable(_ sequence: UInt64, forceFlush: Bool = false) async throws(ArbiterError) {
        // Also when the flush failed: the state was changed, and ranking should not lag it.
        defer { publishIfStale() }
        try await wal.waitUntilDurable(sequence, forceFlush: forceFlush)
    }

    /// Where ranking reads from; published anew after every group of writes.
    nonisolated var rankingBoard: RankingBoard { board }

    /// Loads a catalog file (the current one when `path` is empty, else one in the catalog
    /// directory); a bad file is refused with its line and reason, and the old catalog stays.
    func reloadCatalog(path: String) throws(ArbiterError) -> CatalogSummary {
        let source = path.isEmpty ? catalog.source : try configuration.catalogDirectory.resolve(path)
        let loaded: ModelCatalog
        if source.isEmpty {
            loaded = CatalogLoader.loadDefault()
        } else {
            do {
                loaded = try CatalogLoader.load(path: source)
            } catch {
                throw ArbiterError(.invalidArgument, "catalog refused, the previous one stays in force: \(error)", field: "path")
            }
        }
        catalog = CatalogState(catalog: loaded, source: source, loadedAtMs: Self.nowMs())
        // Which models are subscriptions may have changed: recount their usage.
        subscriptionModels = SubscriptionModels(loaded)
        ledger = Self.ledger(replaying: state.executions, subscriptions: subscriptionModels)
        enginesStale = true
        publishIfStale()
        logger.notice("catalog loaded", metadata: ["source": "\(source.isEmpty ? "built-in default" : source)", "models": "\(loaded.models.count)"])
        return board.snapshot.catalogSummary
    }

    func performance(_ query: PerformanceQuery) -> [PerformanceRow] {
        state.performance(for: query).rows(query)
    }

    /// Counts for `get_status`.
    func counts() -> (executions: Int, models: Int, taskTypes: Int, snapshot: (segment: UInt64, timeMs: Int64)) {
        (state.executions.count, state.performance.modelCount, state.performance.taskTypeCount, lastSnapshot)
    }

    /// Writes a snapshot now (at shutdown), after any background one finishes,
    /// so the final snapshot covers everything recorded.
    func snapshot() async {
        while let running = snapshotTask { await running.value }
        await writeSnapshot()
    }

    private func apply(_ execution: TaskExecution, nowMs: Int64) {
        guard state.apply(execution) else { return }
        snapshotStale = true
        monitor.observe(execution, nowMs: nowMs)
        if let model = subscriptionModels.model(named: execution.assignedModel) {
            ledger.record(execution, model: model)
        }
    }

    /// Publishes what ranking and estimation read if it changed since the last publish,
    /// rebuilding the engines only when their inputs changed.
    private func publishIfStale() {
        guard snapshotStale || enginesStale else { return }
        if enginesStale {
            engines = Self.engines(catalog: catalog, adjustments: state.adjustments, limits: configuration.validator.limits, abTests: abTests)
        }
        snapshotStale = false
        enginesStale = false
        board.publish(RankingSnapshot(engines: engines, performance: state.performance, retryPerformance: state.retryPerformance, ledger: ledger))
    }

    private static func engines(
        catalog: CatalogState, adjustments: AdjustmentLog, limits: ExecutionLimits, abTests: AbTestRegistry
    ) -> RankingEngines {
        RankingEngines(
            catalog: catalog.catalog, catalogSource: catalog.source, catalogLoadedAtMs: catalog.loadedAtMs,
            adjustments: adjustments.estimationAdjustments, limits: limits, abTests: abTests)
    }

    /// Subscription usage recounted from the stored executions, in arrival order.
    private static func ledger(replaying executions: ExecutionStore, subscriptions: SubscriptionModels) -> SubscriptionLedger {
        var ledger = SubscriptionLedger()
        guard !subscriptions.isEmpty else { return ledger }
        executions.forEach { execution in
            if let model = subscriptions.model(named: execution.assignedModel) { ledger.record(execution, model: model) }
        }
        return ledger
    }

    static func nowMs() -> Int64 {
        Int64(Date().timeIntervalSince1970 * 1000)
    }

    /// Validates and fills what the server supplies: a UUID for an empty id, `nowMs` for a zero timestamp.
    private func prepare(_ execution: inout TaskExecution, nowMs: Int64) throws(ArbiterError) {
        try configuration.validator.validate(execution)
        if execution.executionID.isEmpty { execution.executionID = UUID().uuidString.lowercased() }
        if execution.timestampMs == 0 { execution.timestampMs = nowMs }
    }

    private func scheduleSnapshotIfDue() {
        guard snapshotTask == nil, wal.position.bytes >= configuration.snapshotAfterBytes else { return }
        snapshotTask = Task {
            await writeSnapshot()
            snapshotTask = nil
        }
    }

    /// Rotates the log and captures the state in the same actor turn, so the
    /// snapshot holds exactly the segments before the new one; the file is
    /// written off the actor while recording goes on.
    private func writeSnapshot() async {
        let segment: UInt64
        do {
            segment = try wal.rotate()
        } catch {
            logger.error("snapshot skipped: cannot rotate the write-ahead log", metadata: ["error": "\(error)"])
            return
        }
        let captured = state
        let capturedTests = abTests.tests
        let directory = wal.directory
        let createdMs = Self.nowMs()
        let started = ContinuousClock.now
        let written: Result<UInt64, PersistenceError> = await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .utility).async {
                continuation.resume(returning: Result { () throws(PersistenceError) -> UInt64 in
                    try SnapshotFile.write(directory: directory, segment: segment, createdMs: createdMs) { emit throws(PersistenceError) in
                        for index in 0..<captured.executions.count {
                            try emit(.execution(captured.executions[index]))
                        }
                        for adjustment in captured.adjustments.adjustments {
                            try emit(.adjustment(adjustment))
                        }
                        if let report = captured.latestReport {
                            try emit(.learningReport(report))
                        }
                        for test in capturedTests {
                            try emit(.abTest(test))
                        }
                        for alert in captured.alerts.retained {
                            try emit(.alert(alert))
                        }
                        for condition in captured.alerts.conditions.values {
                            try emit(.alertCondition(condition))
                        }
                    }
                })
            }
        }
        switch written {
        case .success(let bytes):
            lastSnapshot = (segment, createdMs)
            logger.info("snapshot written", metadata: [
                "segment": "\(segment)", "executions": "\(captured.executions.count)", "bytes": "\(bytes)",
                "duration": "\(ContinuousClock.now - started)",
            ])
            Self.pruneFiles(in: directory, newest: segment)
        case .failure(let error):
            logger.error("snapshot failed; the write-ahead log still holds everything", metadata: ["error": "\(error)"])
        }
    }

    /// Keeps the two newest snapshots and the log segments the older one needs,
    /// so a damaged newest snapshot still leaves a complete older path.
    ///
    /// While only one snapshot exists, that older path is the whole log from its
    /// first segment (what recovery falls back to), so nothing of it is removed.
    private static func pruneFiles(in directory: StateDirectory, newest: UInt64) {
        guard let snapshots = try? directory.snapshots(), let segments = try? directory.walSegments() else { return }
        let kept = snapshots.suffix(2)
        guard kept.count == 2, let oldestKept = kept.first else { return }
        for snapshot in snapshots where !kept.contains(snapshot) { directory.remove(directory.snapshot(snapshot)) }
        for segment in segments where segment < oldestKept { directory.remove(directory.walSegment(segment)) }
    }

    // MARK: - Alerts

    /// One page of the alert history.
    func alerts(_ query: AlertQuery) -> AlertPage {
        state.alerts.page(query)
    }

    /// Alerts kept and the newest id, for `get_status`.
    func alertCounts() -> (stored: Int, newestID: UInt64) {
        (state.alerts.retained.count, state.alerts.newestID)
    }

    /// Judges every rule: degradation and cost efficiency on every series (days pass even
    /// without new executions), adjustment drift on `adjustments`, and ab_significant on a
    /// fresh analysis of each A/B test.
    ///
    /// `run_learning` calls it with the adjustments it logged; the evaluation after a write calls
    /// it once an hour has passed since the last full pass. Returns the alerts raised.
    ///
    /// The judging (some 80 ms over 40,000 series) runs off this actor on copies of the calendar,
    /// the executions and the tests, so records keep being answered meanwhile; only the raising
    /// comes back here, where the cool-down sorts out what an incremental pass raised meanwhile.
    @discardableResult
    func evaluateAlerts(
        adjustments: [Adjustment] = []
    ) async -> [Alert] {
        let nowMs = Self.nowMs()
        lastFullEvaluation = ContinuousClock.now
        let pass = monitor.takePass(nowMs: nowMs, everything: true)
        let (targets, drift) = (catalog.catalog.valuePerDollarTargets, monitor.driftFindings(adjustments))
        let (tests, executions) = (abTests.tests, state.executions)
        let findings = await Task.detached(priority: .utility) {
            pass.findings(targets: targets) + drift + AlertMonitor.verdictFindings(Self.abVerdicts(tests, in: executions))
        }.value
        return await raise(findings, nowMs: nowMs)
    }

    /// Each A/B test's verdict as ab_significant reads it: a winner, or a better group failing a guardrail.
    private static func abVerdicts(_ tests: [AbTest], in executions: ExecutionStore) -> [ABVerdictSummary] {
        zip(tests, Self.observations(of: tests, in: executions)).map { test, observations in
            let analysis = AbTestAnalysis(test: test, observations: observations)
            return ABVerdictSummary(
                testID: test.testID,
                significant: analysis.verdict == .winner || analysis.verdict == .guardrailFailed,
                pValue: Self.decidingPValue(analysis), alpha: test.significanceLevel,
                winner: analysis.winner.map { "\($0.rawValue) (\(test.strategy($0).name))" } ?? "",
                controlSamples: analysis.control.primarySamples, treatmentSamples: analysis.treatment.primarySamples,
                minimumSamples: test.minSamples, guardrailFailed: analysis.verdict == .guardrailFailed)
        }
    }

    /// Cancels a pending judgement (at shutdown).
    func stopAlerts() {
        alertEvaluation?.cancel()
        alertEvaluation = nil
    }

    /// Judges what arrived once the evaluation interval has passed, on this actor after the
    /// writes were answered, so recording answers first and ranking (on the I/O thread) never waits.
    private func scheduleAlertEvaluation() {
        guard alertEvaluation == nil else { return }
        let interval = configuration.alertEvaluationInterval
        alertEvaluation = Task {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled else { return }
            alertEvaluation = nil
            if ContinuousClock.now - lastFullEvaluation >= .seconds(3600) {
                await evaluateAlerts()
            } else {
                let nowMs = Self.nowMs()
                await raise(monitor.executionFindings(nowMs: nowMs, targets: catalog.catalog.valuePerDollarTargets), nowMs: nowMs)
            }
        }
    }

    /// Numbers the findings that pass their cool-down, logs them durably, adds them to the
    /// history, and publishes them once they are on disk.
    @discardableResult
    private func raise(_ findings: [Alert], nowMs: Int64) async -> [Alert] {
        let thresholds = configuration.alertThresholds
        state.pruneAlertConditions(nowMs: nowMs, cooldownMs: thresholds.cooldownMs)
        let admission = state.alerts.admitted(findings, nowMs: nowMs, cooldownMs: thresholds.cooldownMs)
        let alerts = admission.alerts
        guard !alerts.isEmpty else { return [] }
        do {
            // On disk before published whatever --fsync says: an alert lost to a crash would have
            // its id given again, and a subscriber that saw the first would skip the second.
            // The summarised conditions cool down durably too, or each pass would summarise them again.
            try await commit(alerts.map { .alert($0) } + admission.summarised.map { .alertCondition($0) }, forceFlush: true)
        } catch {
            logger.error("alerts not raised: the write-ahead log refused them", metadata: ["error": "\(error)", "count": "\(alerts.count)"])
            return []
        }
        for alert in alerts {
            logger.notice("alert", metadata: ["id": "\(alert.id)", "topic": "\(alert.topic)", "message": "\(alert.message)"])
        }
        publisher?.publish(alerts)
        return alerts
    }

    /// The monitor's calendar rebuilt from the stored executions recent enough to matter.
    private static func monitor(replaying executions: ExecutionStore, thresholds: AlertThresholds) -> AlertMonitor {
        var monitor = AlertMonitor(thresholds: thresholds)
        let nowMs = nowMs()
        let firstMs = monitor.firstDay(nowMs: nowMs) * OutcomeCalendar.dayMs
        for index in 0..<executions.count where executions.timestampsMs[index] >= firstMs {
            monitor.observe(executions[index], nowMs: nowMs)
        }
        return monitor
    }
}
