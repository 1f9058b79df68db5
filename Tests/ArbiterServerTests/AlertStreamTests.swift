import ArbiterClient
import ArbiterCore
@testable import ArbiterServer
import ArbiterWire
import Foundation
import Testing

/// The alert stream through the Swift client and `arbiter watch`, against a real server.
@Suite(.serialized)
struct AlertStreamTests {
    static let dayMs: Int64 = 86_400_000

    /// Ten days of history at 90% success, then `failures` failed tasks today: a critical degradation.
    static func degrading(model: String, failures: Int = 20) -> [TaskExecution] {
        let nowMs = Recorder.nowMs()
        let today = nowMs - nowMs % dayMs
        var executions: [TaskExecution] = []
        for day in 11...20 {
            for task in 0..<20 {
                executions.append(TaskExecution(
                    executionID: "\(model)-\(day)-\(task)", taskID: "t", priority: "P1", domain: "backend", complexity: "medium",
                    assignedModel: model, success: task % 10 != 0, qualityScore: 7,
                    timestampMs: today - Int64(day) * dayMs + Int64(task) * 1000))
            }
        }
        for task in 0..<failures {
            executions.append(TaskExecution(
                executionID: "\(model)-now-\(task)-\(UUID().uuidString)", taskID: "t", priority: "P1", domain: "backend", complexity: "medium",
                assignedModel: model, success: false, qualityScore: 7, timestampMs: nowMs - 60_000 + Int64(task)))
        }
        return executions
    }

    @Test func subscriberReceivesEachAlertOnceAndCatchesUpAfterAGap() throws {
        let server = try TestServer(extraArguments: ["--alert-interval-ms", "100"])
        let connection = try server.connect()
        let subscription = try AlertSubscription(connection: connection)
        defer { subscription.close() }
        usleep(500_000)  // the SUB socket connects in the background
        _ = try connection.record(batch: Self.degrading(model: "opus-4.6"))
        let first = try #require(try subscription.next(timeout: .seconds(5)))
        #expect(first.id == 1 && first.kind == .degradation && first.severity == .critical && first.subject == "opus-4.6/P1_backend_medium")
        #expect(try subscription.next(timeout: .milliseconds(800)) == nil)
        #expect(subscription.live == 1 && subscription.caughtUp == 0)

        // A second subscriber that only filters cost alerts sees none of these.
        let costs = try AlertSubscription(connection: try server.connect(), kinds: [.costEfficiency])
        defer { costs.close() }
        usleep(300_000)
        _ = try connection.record(batch: Self.degrading(model: "gpt-5"))
        #expect(try subscription.next(timeout: .seconds(5))?.id == 2)
        #expect(try costs.next(timeout: .milliseconds(800)) == nil)

        // A late subscriber starting after id 1 gets 2 from the history, then 3 live.
        let late = try AlertSubscription(connection: try server.connect(), sinceID: 1)
        defer { late.close() }
        #expect(try late.next(timeout: .seconds(1))?.id == 2)
        usleep(500_000)
        _ = try connection.record(batch: Self.degrading(model: "sonnet-4.5"))
        #expect(try late.next(timeout: .seconds(5))?.id == 3)
        #expect(late.caughtUp == 1 && late.live == 1)
    }

    /// One learning run over 300 drifting complexities raises the 100 worst drifts one by one and
    /// one summary counting the other 200, not 300 alerts; the summarised conditions cool down
    /// like the others, across a restart, so the next run raises nothing.
    @Test func driftAlertsOfOneRunBeyondTheLimitAreSummarised() throws {
        let server = try TestServer(extraArguments: ["--learning-interval", "off"])
        let connection = try server.connect(timeout: .seconds(60))
        let nowMs = Recorder.nowMs()
        // Input factors 1.6, 1.61, ... 4.59 (output on target), one complexity each.
        _ = try connection.record(batch: (0..<300).map { index in
            TaskExecution(
                executionID: "drift-\(index)", taskID: "t", priority: "P2", domain: "dz", complexity: "c\(index)",
                predictedInputTokens: 1000, predictedOutputTokens: 500, assignedModel: "test-model",
                actualInputTokens: 1600 + Int64(index) * 10, actualOutputTokens: 500, actualCost: 0.5, success: true,
                qualityScore: 7, timestampMs: nowMs - Self.dayMs)
        })
        let subscription = try AlertSubscription(connection: connection, kinds: [.adjustmentDrift])
        defer { subscription.close() }
        usleep(500_000)  // the SUB socket connects in the background
        _ = try connection.runLearning(LearningRequest(asOfMs: nowMs))
        var streamed: [Alert] = []
        while let alert = try subscription.next(timeout: .seconds(2)) { streamed.append(alert) }
        let history = try connection.alerts(AlertQuery(kinds: [.adjustmentDrift], limit: 1000)).alerts
        #expect(streamed == history)
        #expect(history.count == 101)
        let single = history.dropLast().map(\.subject)
        #expect(Set(single) == Set((200..<300).map { "token_estimate_input_c\($0)" }))
        let summary = try #require(history.last)
        #expect(summary.subject == "(more)" && summary.severity == .critical && summary.measuredValue == 200)
        #expect(summary.message.hasPrefix("200 more adjustment_drift alerts"))

        try server.stop()
        try server.start()
        let restarted = try server.connect(timeout: .seconds(60))
        _ = try restarted.runLearning(LearningRequest(asOfMs: nowMs))
        #expect(try restarted.alerts(AlertQuery(kinds: [.adjustmentDrift], limit: 1000)).alerts == history)
    }

    @Test func watchPrintsTheHistorySinceAnIdThenTheStream() throws {
        let server = try TestServer(extraArguments: ["--alert-interval-ms", "100"])
        let connection = try server.connect()
        for model in ["opus-4.6", "gpt-5"] {
            _ = try connection.record(batch: Self.degrading(model: model))
            let deadline = ContinuousClock.now + .seconds(10)
            while try connection.alerts(AlertQuery(subject: model)).alerts.isEmpty && ContinuousClock.now < deadline { usleep(50_000) }
        }
        // The history after id 1, then one live alert; --count ends the command.
        let process = Process()
        process.executableURL = CLITests.binary
        process.arguments = ["watch", "--endpoint", server.endpoint, "--since", "1", "--count", "2", "--json"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        usleep(1_000_000)
        _ = try connection.record(batch: Self.degrading(model: "haiku-4.5"))
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        let objects = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.compactMap { $0["id"] as? Int } == [2, 3])
        #expect(objects.compactMap { $0["subject"] as? String } == ["gpt-5/P1_backend_medium", "haiku-4.5/P1_backend_medium"])
        #expect(objects.first?["topic"] as? String == "alert.degradation.critical")

        let text = try CLITests.run(["watch", "--endpoint", server.endpoint, "--since", "0", "--count", "1", "--kind", "degradation"])
        #expect(text.status == 0 && text.output.hasPrefix("#1 ") && text.output.contains("CRITICAL degradation opus-4.6/P1_backend_medium"))
        let bad = try CLITests.run(["watch", "--endpoint", server.endpoint, "--kind", "weather"])
        #expect(bad.status != 0 && bad.errors.contains("unknown alert kind 'weather'"))
    }

    /// Alerts gone from the bounded history before a subscriber caught up are counted, and
    /// `arbiter watch` says so on standard error instead of skipping them silently.
    @Test func alertsGoneFromTheHistoryAreCountedAsLost() throws {
        let server = try TestServer(extraArguments: ["--alert-interval-ms", "100", "--alert-history", "2"])
        let connection = try server.connect()
        for model in ["opus-4.6", "gpt-5", "haiku-4.5"] {
            _ = try connection.record(batch: Self.degrading(model: model))
            let deadline = ContinuousClock.now + .seconds(10)
            while try connection.alerts(AlertQuery(subject: model)).alerts.isEmpty && ContinuousClock.now < deadline { usleep(50_000) }
        }
        let fromStart = try AlertSubscription(connection: try server.connect(), sinceID: 0)
        defer { fromStart.close() }
        #expect(fromStart.lost == 1 && fromStart.caughtUp == 2)
        #expect(try fromStart.next(timeout: .seconds(1))?.id == 2)
        let fromKept = try AlertSubscription(connection: try server.connect(), sinceID: 1)
        defer { fromKept.close() }
        #expect(fromKept.lost == 0 && fromKept.caughtUp == 2)

        let watch = try CLITests.run(["watch", "--endpoint", server.endpoint, "--since", "0", "--count", "2"])
        #expect(watch.status == 0 && watch.output.hasPrefix("#2 "))
        #expect(watch.errors.contains("1 alert no longer in the server's history"), "\(watch.errors)")
    }

    @Test func defaultEndpointIsTheNextPortOrTheIPCPathPlusAlerts() throws {
        #expect(try AlertEndpoint.derived(from: "tcp://127.0.0.1:7470") == "tcp://127.0.0.1:7471")
        #expect(try AlertEndpoint.derived(from: "tcp://[::1]:9000") == "tcp://[::1]:9001")
        #expect(try AlertEndpoint.derived(from: "tcp://*:*") == "tcp://*:*")
        #expect(try AlertEndpoint.derived(from: "ipc:///run/arbiter.sock") == "ipc:///run/arbiter.sock.alerts")
        #expect(throws: StartupError.self) { try AlertEndpoint.derived(from: "inproc://x") }
        #expect(throws: StartupError.self) { try AlertEndpoint.derived(from: "tcp://127.0.0.1:65535") }
        #expect(AlertSubscription.reachable("tcp://0.0.0.0:7471", requestEndpoint: "tcp://10.0.0.5:7470") == "tcp://10.0.0.5:7471")
        #expect(AlertSubscription.reachable("tcp://127.0.0.1:7471", requestEndpoint: "tcp://10.0.0.5:7470") == "tcp://127.0.0.1:7471")

        // A taken alert port stops the server at start with a message naming --alerts.
        let first = try TestServer()
        let taken = try first.connect().status().alertsEndpoint
        do {
            _ = try TestServer(extraArguments: ["--alerts", taken])
            Issue.record("a second server started on the alert port \(taken)")
        } catch {
            #expect("\(error)".contains("cannot publish alerts on \(taken)"))
        }
    }

    @Test func badThresholdsAreRefusedNamingTheOption() throws {
        let process = Process()
        process.executableURL = TestServer.defaultBinary
        process.arguments = ["--alert-critical-sigmas", "1", "--state-dir", FileManager.default.temporaryDirectory.appendingPathComponent("unused-\(UUID().uuidString)").path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus != 0)
        #expect(text.contains("--alert-critical-sigmas: critical_sigmas must be finite and at least degradation_sigmas"))
    }

    @Test func alertRecordsRoundTripThroughTheirCodec() throws {
        let alert = Alert(id: 7, kind: .costEfficiency, severity: .critical, timeMs: 123, subject: "global",
                          measuredValue: 12.5, threshold: 80, message: "low ✓")
        #expect(try WireCodec.decodeAlert(WireCodec.encode(alert)) == alert)
        let condition = AlertCondition(key: alert.condition, severity: .warning, timeMs: 9)
        let bytes = WireCodec.encode(condition)
        #expect(try bytes.withUnsafeBytes { try WireCodec.decodeAlertCondition($0) } == condition)
        let query = AlertQuery(kinds: [.degradation, .abSignificant], minimumSeverity: .warning, sinceID: 3, sinceTimeMs: 4, subject: "m", limit: 9)
        let request = WireRequest(requestID: 5, method: .listAlerts(query))
        #expect(try WireCodec.decodeRequest(WireCodec.encode(request)) == request)
    }
}
