import ArbiterClient
import ArbiterCore
import Foundation
import Testing

/// `arbiter abtest` run as a real process against a real server.
@Suite(.serialized)
struct AbTestCLITests {
    @Test func createListShowAnalyzeStop() throws {
        let server = try TestServer()
        let created = try CLITests.run([
            "abtest", "create", "test-001", "--endpoint", server.endpoint, "--name", "Adjusted Complexity Multipliers",
            "--control", "original,simple=0.5,medium=1,complex=1.5,very_complex=2",
            "--treatment", "learned,simple=0.6,medium=1.1,complex=1.7,very_complex=2.3", "--min-samples", "5", "--priority", "P1",
        ])
        #expect(created.status == 0, "\(created.errors)")
        #expect(created.output.contains("test:           test-001 (Adjusted Complexity Multipliers)"))
        #expect(created.output.contains("treatment:      learned,complex=1.7,medium=1.1,simple=0.6,very_complex=2.3"))

        let connection = try server.connect()
        #expect(try connection.abTest(id: "test-001").criteria.priorities == ["P1"])

        let list = try CLITests.run(["abtest", "list", "--endpoint", server.endpoint])
        #expect(list.status == 0 && list.output.contains("test-001") && list.output.contains("active"))

        // Record a few executions in the test, then analyze: not enough samples yet.
        for i in 0..<6 {
            let task = TaskDescriptor(taskID: "cli-\(i)", priority: "P1", domain: "backend", complexity: "medium")
            let ranking = try connection.rank(RankingRequest(task: task))
            #expect(ranking.abTestID == "test-001")
            _ = try connection.record(TaskExecution(
                taskID: task.taskID, priority: "P1", domain: "backend", complexity: "medium", assignedModel: ranking.ranked[0].model,
                actualCost: 0.01, success: true, qualityScore: 5 + Double(i) / 2, valueDelivered: 20, abTestID: ranking.abTestID, abVariant: ranking.abVariant))
        }
        let analysis = try CLITests.run(["abtest", "analyze", "test-001", "--endpoint", server.endpoint, "--json"])
        #expect(analysis.status == 0, "\(analysis.errors)")
        let json = try JSONSerialization.jsonObject(with: Data(analysis.output.utf8)) as? [String: Any]
        #expect(json?["verdict"] as? String == "insufficient_data")
        // Each Welch test as `WelchTestResult`, variances included (JSONDecoder: JSONSerialization
        // rounds some doubles wrongly on Linux).
        struct Welch: Decodable {
            var t: Double
            var control_variance: Double
            var treatment_variance: Double
        }
        struct Analysis: Decodable { var quality: Welch }
        let welch = try #require(connection.analyzeAbTest(id: "test-001").quality)
        let quality = try JSONDecoder().decode(Analysis.self, from: Data(analysis.output.utf8)).quality
        #expect(quality.control_variance == welch.control.variance && quality.treatment_variance == welch.treatment.variance)
        #expect(quality.t == welch.t && welch.control.variance > 0)
        let control = (json?["control"] as? [String: Any])?["total_tasks"] as? Int ?? -1
        let treatment = (json?["treatment"] as? [String: Any])?["total_tasks"] as? Int ?? -1
        #expect(control + treatment == 6)

        let graduate = try CLITests.run(["abtest", "graduate", "test-001", "--endpoint", server.endpoint])
        #expect(graduate.status != 0 && graduate.errors.contains("FAILED_PRECONDITION"))

        let stopped = try CLITests.run(["abtest", "stop", "test-001", "--endpoint", server.endpoint])
        #expect(stopped.status == 0 && stopped.output.contains("status:         stopped"))
        let show = try CLITests.run(["abtest", "show", "test-001", "--endpoint", server.endpoint, "--json"])
        #expect(show.status == 0 && show.output.contains("\"status\" : \"stopped\""))
    }

    /// A worker that ranks or estimates with the CLI must see the test and variant to record them.
    @Test func rankAndEstimateNameTheTestAndVariant() throws {
        let server = try TestServer()
        let created = try CLITests.run([
            "abtest", "create", "t-cli", "--endpoint", server.endpoint, "--control", "a,model=sonnet-4.5",
            "--treatment", "b,model=deepseek-v3", "--priority", "P2",
        ])
        #expect(created.status == 0, "\(created.errors)")
        let expected = try server.connect().rank(RankingRequest(task: TaskDescriptor(
            taskID: "T-5", priority: "P2", domain: "backend", complexity: "medium")))
        #expect(expected.abTestID == "t-cli")

        struct Variant: Decodable {
            var ab_test_id: String
            var ab_variant: String
        }
        for command in ["rank", "estimate"] {
            let task = [command, "--task-id", "T-5", "--domain", "backend", "--complexity", "medium", "--endpoint", server.endpoint]
            let json = try CLITests.run(task + ["--priority", "P2", "--json"])
            #expect(json.status == 0, "\(json.errors)")
            let inTest = try JSONDecoder().decode(Variant.self, from: Data(json.output.utf8))
            #expect(inTest.ab_test_id == "t-cli" && inTest.ab_variant == expected.abVariant)

            let text = try CLITests.run(task + ["--priority", "P2"])
            #expect(text.output.contains("A/B test t-cli, variant \(expected.abVariant)"), "\(text.output)")

            let outside = try CLITests.run(task + ["--priority", "P1", "--json"])
            let production = try JSONDecoder().decode(Variant.self, from: Data(outside.output.utf8))
            #expect(production.ab_test_id == "" && production.ab_variant == "production")
            #expect(!(try CLITests.run(task + ["--priority", "P1"])).output.contains("A/B test"))
        }
    }

    @Test func badTestsAreRefusedNamingTheField() throws {
        let server = try TestServer()
        let bad = try CLITests.run([
            "abtest", "create", "t", "--endpoint", server.endpoint, "--control", "a,model=x", "--treatment", "b,model=y", "--ratio", "1.5",
        ])
        #expect(bad.status != 0)
        #expect(bad.errors.contains("INVALID_ARGUMENT (test.assignment_ratio)"))
        let syntax = try CLITests.run(["abtest", "create", "t", "--endpoint", server.endpoint, "--control", "a,threshold=high", "--treatment", "b"])
        #expect(syntax.status != 0 && syntax.errors.contains("threshold must be a number"))
        let both = try CLITests.run([
            "abtest", "create", "t", "--endpoint", server.endpoint, "--control", "a,price=0", "--treatment", "b,price=1,tolerance=2",
        ])
        #expect(both.status != 0 && both.errors.contains("INVALID_ARGUMENT (test.treatment.quality_price)"))
    }

    @Test func strategiesCarryATradeOff() throws {
        let server = try TestServer()
        let created = try CLITests.run([
            "abtest", "create", "knobs", "--endpoint", server.endpoint, "--control", "cheapest,price=0", "--treatment", "close,tolerance=0.5",
        ])
        #expect(created.status == 0)
        #expect(created.output.contains("control:        cheapest,price=0.0"))
        #expect(created.output.contains("treatment:      close,tolerance=0.5"))
        let json = try CLITests.run(["abtest", "show", "knobs", "--endpoint", server.endpoint, "--json"])
        #expect(json.output.contains("\"quality_price\" : 0") && json.output.contains("\"quality_tolerance\" : 0.5"))
    }
}
