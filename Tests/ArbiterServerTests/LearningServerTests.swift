import ArbiterClient
import ArbiterCore
import ArbiterWire
import Foundation
import Testing

/// The learning batch through a real server: the scheduler, the CLI commands and the Swift client.
@Suite(.serialized)
struct LearningServerTests {
    static let day: Int64 = 86_400_000

    /// 50 executions 30% over on input tokens (confidence 1) and 30 more 40% over (confidence 0.6), at `nowMs` less a day.
    static func record(_ connection: ArbiterConnection, nowMs: Int64) throws {
        var executions: [TaskExecution] = []
        for (complexity, n, actual) in [("sure", 50, Int64(1300)), ("unsure", 30, Int64(1400))] {
            for i in 0..<n {
                executions.append(TaskExecution(
                    executionID: "\(complexity)-\(i)", taskID: "t-\(i)", priority: "P2", domain: "backend", complexity: complexity,
                    predictedValueScore: 50, predictedInputTokens: 1000, predictedOutputTokens: 500, assignedModel: "test-model",
                    actualInputTokens: actual, actualOutputTokens: 500, actualCost: 0.5, success: true, qualityScore: 7,
                    timestampMs: nowMs - day))
            }
        }
        let outcome = try connection.record(batch: executions)
        #expect(outcome.accepted == executions.count)
    }

    @Test func theSchedulerRunsTheBatchAndStopsGracefully() throws {
        let server = try TestServer(extraArguments: ["--learning-interval", "1s"])
        let connection = try server.connect()
        try Self.record(connection, nowMs: Int64(Date().timeIntervalSince1970 * 1000))
        let deadline = ContinuousClock.now + .seconds(20)
        var adjustments: [Adjustment] = []
        while adjustments.isEmpty && ContinuousClock.now < deadline {
            usleep(200_000)
            adjustments = try connection.adjustments()
        }
        #expect(Set(adjustments.map(\.parameterName)).isSuperset(of: ["token_estimate_input_sure", "token_estimate_input_unsure"]))
        #expect(adjustments.first { $0.parameterName == "token_estimate_input_sure" }?.status == .applied)
        let started = ContinuousClock.now
        try server.stop()
        #expect(ContinuousClock.now - started < .seconds(10))
        #expect(server.log.contains("scheduled learning run"))
    }

    /// get_report without as_of serves the latest run's report after a restart, from the log
    /// (SIGKILL) and from the snapshot (SIGTERM), not a fresh dry run as of now.
    /// The heat map shows 24 task types, but each with every model that has executions there:
    /// one task type done by 1,200 models lists the 1,000 cells with the most samples.
    @Test func theHeatMapListsAtMostAThousandCells() throws {
        let server = try TestServer(extraArguments: ["--learning-interval", "off"])
        let connection = try server.connect(timeout: .seconds(60))
        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        _ = try connection.record(batch: (0..<1200).flatMap { model in
            (0..<(model < 1000 ? 2 : 1)).map { copy in
                TaskExecution(
                    executionID: "vpd-\(model)-\(copy)", taskID: "t", priority: "P2", domain: "backend", complexity: "medium",
                    assignedModel: "model-\(model)", actualCost: 0.5, success: true, qualityScore: 7, valueDelivered: 50,
                    timestampMs: nowMs - Self.day)
            }
        })
        let report = try connection.runLearning(LearningRequest(asOfMs: nowMs))
        #expect(report.valuePerDollar.count == 1000)
        #expect(report.valuePerDollar.allSatisfy { $0.samples == 2 })
        let notListed = try #require(report.sections.first { $0.title == "Not listed" })
        #expect(notListed.lines.contains("200 of 1200 value-per-dollar cells (the report lists 1000)"))
    }

    @Test func theLatestReportSurvivesRestarts() throws {
        let server = try TestServer(extraArguments: ["--learning-interval", "off"])
        var connection = try server.connect()
        let asOf: Int64 = 1_790_000_000_000
        try Self.record(connection, nowMs: asOf)
        let run = try connection.runLearning(LearningRequest(asOfMs: asOf))
        #expect(run.asOfMs == asOf && !run.dryRun && !run.adjustments.isEmpty)
        for restart in ["SIGKILL", "SIGTERM"] {
            if restart == "SIGKILL" { server.kill9() } else { try server.stop() }
            try server.start()
            connection = try server.connect()
            let served = try connection.report().report
            #expect(served.asOfMs == asOf, "after \(restart)")
            #expect(!served.dryRun, "after \(restart)")
            #expect(served.tokens == run.tokens && served.values == run.values && served.costs == run.costs, "after \(restart)")
            #expect(served.adjustments == run.adjustments, "after \(restart)")
            #expect(served.history == run.history, "after \(restart)")
        }
    }

    @Test func cliLearnAdjustmentsParamsAndReport() throws {
        let server = try TestServer(extraArguments: ["--learning-interval", "off"])
        let connection = try server.connect()
        let asOf: Int64 = 1_790_000_000_000
        try Self.record(connection, nowMs: asOf)
        let endpoint = ["--endpoint", server.endpoint]

        let dry = try CLITests.run(["learn", "--as-of", "\(asOf)", "--dry-run"] + endpoint)
        #expect(dry.status == 0, "\(dry.errors)")
        #expect(dry.output.contains("dry run: would log"))
        #expect(try connection.adjustments().isEmpty)

        let learn = try CLITests.run(["learn", "--as-of", "\(asOf)", "--json"] + endpoint)
        #expect(learn.status == 0, "\(learn.errors)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(learn.output.utf8)) as? [String: Any])
        let logged = try #require(report["adjustments"] as? [[String: Any]])
        // Input by complexity (2); none by domain, whose shortfall the complexities' factors correct
        // (residual 1.0); output tokens are on target.
        #expect(logged.count == 2)
        // The settings the run used, under their catalog keys, as on the wire (`LearningReport.settings`).
        let settings = try #require(report["settings"] as? [String: NSNumber], "\(report.keys.sorted())")
        let used = try connection.report().report.configuration
        #expect(settings.count == used.settingsByKey.count)
        for (key, value) in used.settingsByKey {
            #expect(settings[key]?.doubleValue == Double(value), "\(key)")
        }

        let proposed = try CLITests.run(["adjustments", "list", "--status", "proposed", "--json"] + endpoint)
        let list = try #require(try JSONSerialization.jsonObject(with: Data(proposed.output.utf8)) as? [[String: Any]])
        #expect(list.map { $0["parameter_name"] as? String } == ["token_estimate_input_unsure"])
        let id = try #require(list.first?["id"] as? String)

        let estimateBefore = try connection.estimate(TaskDescriptor(priority: "P2", domain: "other", complexity: "unsure"))
        #expect(estimateBefore.estimates.first?.inputTokens == 4000)
        let apply = try CLITests.run(["adjustments", "apply", id] + endpoint)
        #expect(apply.status == 0 && apply.output.contains("applied"))
        let estimateAfter = try connection.estimate(TaskDescriptor(priority: "P2", domain: "other", complexity: "unsure"))
        #expect(estimateAfter.estimates.first?.inputTokens == 5600)

        let params = try CLITests.run(["params"] + endpoint)
        #expect(params.status == 0 && params.output.contains("token_estimate_input_unsure") && params.output.contains(id))

        let missing = try CLITests.run(["adjustments", "reject", "no-such-id"] + endpoint)
        #expect(missing.status != 0 && missing.errors.contains("NOT_FOUND (id)"))

        let directory = server.stateDirectory.deletingLastPathComponent()
        for (format, marker) in [("html", "<svg class=\"chart\""), ("md", "# Arbiter learning report"), ("json", "\"history\"")] {
            let file = directory.appendingPathComponent("report-\(UUID().uuidString).\(format)")
            defer { try? FileManager.default.removeItem(at: file) }
            let run = try CLITests.run(["report", "--format", format, "-o", file.path] + endpoint)
            #expect(run.status == 0, "\(run.errors)")
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.contains(marker), "\(format)")
        }
        let badWindow = try CLITests.run(["learn", "--token-window-days=-3"] + endpoint)
        #expect(badWindow.status != 0 && badWindow.errors.contains("INVALID_ARGUMENT (token_window_days)"))
    }
}
