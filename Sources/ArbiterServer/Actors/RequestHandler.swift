import ArbiterCore
import ArbiterReport
import ArbiterWire
import Foundation

/// Routes decoded requests to the actor that owns each kind of work, or
/// answers them at once from the published ranking snapshot.
struct RequestHandler: Sendable {
    let recorder: Recorder
    let statusSource: StatusSource

    /// Answers reads of the ranking snapshot on the calling thread (the I/O
    /// thread), without an actor hop; nil for calls that need an actor.
    func answerImmediately(_ request: WireRequest) -> WireResponse? {
        do {
            guard let payload = try immediatePayload(for: request.method) else { return nil }
            return WireResponse(requestID: request.requestID, result: .success(payload))
        } catch {
            return WireResponse(requestID: request.requestID, result: .failure(error))
        }
    }

    func handle(_ request: WireRequest) async -> WireResponse {
        do {
            return WireResponse(requestID: request.requestID, result: .success(try await payload(for: request.method)))
        } catch {
            return WireResponse(requestID: request.requestID, result: .failure(error))
        }
    }

    private func immediatePayload(for method: WireRequest.Method) throws(ArbiterError) -> WireResponse.Payload? {
        switch method {
        case .rankModels(let ranking):
            .rankModels(try recorder.rankingBoard.snapshot.rank(ranking, nowMs: Recorder.nowMs()))
        case .estimateTask(let task, let candidates):
            .estimateTask(try recorder.rankingBoard.snapshot.estimate(task, candidates: candidates, nowMs: Recorder.nowMs()))
        case .listModels:
            .listModels(recorder.rankingBoard.snapshot.catalogSummary)
        case .getSubscriptionUsage(let model):
            .getSubscriptionUsage(try recorder.rankingBoard.snapshot.subscriptionUsage(model: model, nowMs: Recorder.nowMs()))
        case .recordExecution, .recordExecutions, .getPerformance, .getStatus, .reloadCatalog:
            nil
        case .runLearning, .listAdjustments, .applyAdjustment, .rejectAdjustment, .getParameters, .getReport:
            nil
        // A/B testing.
        case .assignVariant(let task, let candidates):
            .assignVariant(try recorder.rankingBoard.snapshot.assignVariant(task, candidates: candidates, nowMs: Recorder.nowMs()))
        case .abStatistics(let query):
            .abStatistics(try Self.statistics(query))
        case .createAbTest, .getAbTest, .listAbTests, .stopAbTest, .analyzeAbTest, .graduateAbTest:
            nil
        case .listAlerts:
            nil
        }
    }

    private func payload(for method: WireRequest.Method) async throws(ArbiterError) -> WireResponse.Payload {
        if let payload = try immediatePayload(for: method) { return payload }
        switch method {
        case .recordExecution(let execution):
            return .recordExecution(try await recorder.record(execution))
        case .recordExecutions(let executions):
            return .recordExecutions(try await recorder.record(batch: executions))
        case .getPerformance(let query):
            return .getPerformance(await recorder.performance(query))
        case .getStatus:
            return .getStatus(await statusSource.status(recorder: recorder))
        case .reloadCatalog(let path):
            return .reloadCatalog(try await recorder.reloadCatalog(path: path))
        case .rankModels, .estimateTask, .listModels, .getSubscriptionUsage, .assignVariant, .abStatistics:
            preconditionFailure("answered by immediatePayload(for:)")

        // Learning batch.
        case .runLearning(let learning):
            return .runLearning(try await recorder.runLearning(learning))
        case .listAdjustments(let filter):
            return .listAdjustments(try await recorder.adjustments(matching: filter))
        case .applyAdjustment(let id):
            return .applyAdjustment(try await recorder.setAdjustmentStatus(id: id, to: .applied))
        case .rejectAdjustment(let id):
            return .rejectAdjustment(try await recorder.setAdjustmentStatus(id: id, to: .rejected))
        case .getParameters:
            return .getParameters(await recorder.parameters())
        case .getReport(let request):
            let report = await recorder.report(asOfMs: request.asOfMs)
            return .getReport(ReportDocument(report: report, document: Self.document(report, format: request.format)))

        // A/B testing.
        case .createAbTest(let test):
            return .createAbTest(try await recorder.createAbTest(test))
        case .getAbTest(let testID):
            return .getAbTest(try await recorder.abTest(id: testID))
        case .listAbTests:
            return .listAbTests(await recorder.listAbTests())
        case .stopAbTest(let testID):
            return .stopAbTest(try await recorder.stopAbTest(id: testID))
        case .analyzeAbTest(let testID):
            return .analyzeAbTest(try await recorder.analyzeAbTest(id: testID))
        case .graduateAbTest(let testID):
            let (test, analysis) = try await recorder.graduateAbTest(id: testID)
            return .graduateAbTest(test: test, analysis: analysis)
        case .listAlerts(let query):
            let page = await recorder.alerts(query)
            // Ids are never reused, so a later one was never raised here: a subscriber resuming from
            // it would take every alert up to it for one it had seen, and drop it unseen.
            guard query.sinceID <= page.newestID else {
                throw ArbiterError(
                    .invalidArgument, "since_id \(query.sinceID) is past the newest alert, \(page.newestID)", field: "since_id")
            }
            return .listAlerts(page)
        }
    }
}

extension RequestHandler {
    /// The rendered report: empty for the protobuf format.
    static func document(_ report: LearningReport, format: ReportFormat) -> String {
        switch format {
        case .protobuf: ""
        case .markdown: MarkdownReport(report).render()
        case .html: HTMLReport(report).render()
        }
    }

    /// The largest total of `ab_statistics` observed counts: exact as a double.
    static let maxObservedTotal = 1 << 53

    /// `ab_statistics`: the tests of `analyze_ab_test` on the caller's numbers.
    static func statistics(_ query: AbStatisticsQuery) throws(ArbiterError) -> AbStatisticsResult {
        let alpha = query.alpha == 0 ? AbTest.defaultSignificanceLevel : query.alpha
        guard alpha > 0 && alpha < 1 else {
            throw ArbiterError(.invalidArgument, "alpha must be in (0, 1); got \(query.alpha)", field: "alpha")
        }
        if let index = (query.control + query.treatment).firstIndex(where: { !$0.isFinite }) {
            let field = index < query.control.count ? "control[\(index)]" : "treatment[\(index - query.control.count)]"
            throw ArbiterError(.invalidArgument, "values must be finite", field: field)
        }
        // Summed as an Int and scaled as doubles: a total past 2^53 is no longer exact, and one
        // past Int.max trapped, taking the server down.
        var total = 0
        for (index, count) in query.observed.enumerated() {
            guard count <= Self.maxObservedTotal - total else {
                throw ArbiterError(
                    .invalidArgument, "observed counts must add up to at most 2^53 (\(Self.maxObservedTotal)); this one passes it",
                    field: "observed[\(index)]")
            }
            total += count
        }
        if query.observed.count != query.expectedShares.count {
            throw ArbiterError(.invalidArgument, "observed and expected_shares must have the same length", field: "expected_shares")
        }
        var sequential = SequentialTest(alpha: alpha)
        for index in 0..<max(query.control.count, query.treatment.count) {
            if index < query.control.count { sequential.add(query.control[index], treatment: false) }
            if index < query.treatment.count { sequential.add(query.treatment[index], treatment: true) }
        }
        return AbStatisticsResult(
            welch: WelchTTest(control: query.control, treatment: query.treatment, alpha: alpha),
            chiSquare: query.observed.isEmpty ? nil : ChiSquareTest(observed: query.observed, expectedShares: query.expectedShares),
            sequential: min(sequential.control.count, sequential.treatment.count) >= sequential.burnIn ? sequential.summary : nil)
    }
}

/// The fixed facts `get_status` reports beside the recorder's counts.
struct StatusSource: Sendable {
    static let version = "0.1.0"

    let started = ContinuousClock.now
    let directory: StateDirectory
    let fsync: FsyncPolicy
    /// The alert stream's PUB endpoint as bound; empty without one.
    var alertsEndpoint = ""

    func status(recorder: Recorder) async -> ServerStatus {
        let counts = await recorder.counts()
        var status = ServerStatus()
        status.version = Self.version
        let uptime = ContinuousClock.now - started
        status.uptimeSeconds = Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18
        status.executionsStored = counts.executions
        status.models = counts.models
        status.taskTypes = counts.taskTypes
        status.stateDirectory = directory.path.string
        status.snapshotSequence = counts.snapshot.segment
        status.snapshotTimeMs = counts.snapshot.timeMs
        status.walBytes = ((try? directory.walSegments()) ?? []).reduce(0) { $0 + directory.size(of: directory.walSegment($1)) }
        status.fsyncMode = fsync.description
        let alerts = await recorder.alertCounts()
        status.alertsEndpoint = alertsEndpoint
        status.alertsStored = alerts.stored
        status.newestAlertID = alerts.newestID
        return status
    }
}
