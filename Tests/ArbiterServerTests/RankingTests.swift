import ArbiterClient
import ArbiterCore
import ArbiterWire
import Foundation
import Synchronization
import Testing

/// Ranking, estimation, subscriptions and catalog reloads through a real server.
@Suite(.serialized)
struct RankingTests {
    /// Three API models whose priors and prices make the cold-start order plain,
    /// one subscription with a three-task quota, and one disabled model.
    static let catalog = """
        policy: {default_strategy: greedy, prior_strength: 5, subscription_threshold: 70, high_value_threshold: 80}
        estimation:
          base_input_tokens: 4000
          base_output_tokens: 2000
        models:
          - name: premium-a
            tier: premium
            input_price_per_million: 10.0
            output_price_per_million: 30.0
            capabilities:
              overall: {quality: 9.5, success_rate: 0.95}
          - name: mid-b
            tier: mid
            input_price_per_million: 1.0
            output_price_per_million: 3.0
            capabilities:
              overall: {quality: 8.0, success_rate: 0.85}
          - name: cheap-c
            tier: cheap
            input_price_per_million: 0.5
            output_price_per_million: 1.5
            capabilities:
              overall: {quality: 1.0, success_rate: 0.1}
          - name: mid-f
            tier: mid
            input_price_per_million: 1.0
            output_price_per_million: 3.0
            capabilities:
              overall: {quality: 7.5, success_rate: 0.8}
          - name: sub-d
            tier: premium
            input_price_per_million: 10.0
            output_price_per_million: 30.0
            subscription: {quota_tasks: 3, period_seconds: 2592000, fee: 30}
            capabilities:
              overall: {quality: 9.0, success_rate: 0.9}
          - name: off-e
            tier: cheap
            input_price_per_million: 0.1
            output_price_per_million: 0.1
            enabled: false
        """

    static func server(catalog: String = RankingTests.catalog) throws -> (TestServer, URL) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).yaml")
        try catalog.write(to: file, atomically: true, encoding: .utf8)
        return (try TestServer(extraArguments: ["--catalog", file.path]), file)
    }

    static let lowValueTask = TaskDescriptor(taskID: "t-1", priority: "P3", domain: "backend", complexity: "medium")

    static func execution(_ id: String, model: String, task: TaskDescriptor, quality: Double, success: Bool, cost: Double, value: Double) -> TaskExecution {
        TaskExecution(
            executionID: id, taskID: id, priority: task.priority, domain: task.domain, complexity: task.complexity,
            predictedValueScore: 25, predictedInputTokens: 4000, predictedOutputTokens: 2000, predictedCost: cost,
            assignedModel: model, actualInputTokens: 4000, actualOutputTokens: 2000, actualCost: cost,
            executionTimeSeconds: 10, success: success, qualityScore: quality, valueDelivered: value)
    }

    @Test func coldStartFollowsTheCapabilityPriors() throws {
        let (server, file) = try Self.server()
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try server.connect().rank(RankingRequest(task: Self.lowValueTask, candidates: ["premium-a", "mid-b", "cheap-c"]))
        // Per dollar, mid-b's good prior beats premium-a's better one at ten times the price,
        // and cheap-c's poor prior (quality 1, success 0.1) loses despite half mid-b's price:
        // 8 × 0.85 × 2500 = 17000 > 9.5 × 0.95 × 250 = 2256 > 1 × 0.1 × 5000 = 500.
        #expect(result.ranked.map(\.model) == ["mid-b", "premium-a", "cheap-c"])
        #expect(result.ranked.allSatisfy { $0.source == .prior && $0.assignmentReason == .coldStart && $0.confidence == 0 })
        let mid = try #require(result.ranked.first)
        #expect(abs(mid.expectedQuality - 8.0) < 1e-12 && abs(mid.expectedSuccessRate - 0.85) < 1e-12)
        // 4,000 in and 2,000 out at $1 and $3 per million.
        #expect(abs(mid.estimatedCost - (4000 * 1.0 + 2000 * 3.0) / 1e6) < 1e-12)
        #expect(abs(mid.score - mid.expectedQuality * mid.expectedSuccessRate * mid.expectedValuePerDollar) < 1e-9 * mid.score)
    }

    @Test func learnedBestRisesToTheTop() throws {
        let (server, file) = try Self.server()
        defer { try? FileManager.default.removeItem(at: file) }
        let client = try server.connect()
        let request = RankingRequest(task: Self.lowValueTask, candidates: ["premium-a", "mid-b", "cheap-c"])
        #expect(try client.rank(request).ranked.first?.model == "mid-b")
        // cheap-c turns out far better than its prior; mid-b worse.
        var batch: [TaskExecution] = []
        for index in 0..<40 {
            batch.append(Self.execution("c-\(index)", model: "cheap-c", task: Self.lowValueTask, quality: 9, success: true, cost: 0.005, value: 25))
            batch.append(Self.execution("b-\(index)", model: "mid-b", task: Self.lowValueTask, quality: 4, success: index % 2 == 0, cost: 0.01, value: 5))
        }
        _ = try client.record(batch: batch)
        let after = try client.rank(request)
        #expect(after.ranked.first?.model == "cheap-c")
        #expect(after.ranked.first?.assignmentReason == .learnedBest)
        #expect(after.ranked.first?.source == .blend)
        #expect(abs((after.ranked.first?.confidence ?? 0) - 40.0 / 45.0) < 1e-12)
        // Another task type has learned nothing yet.
        let other = TaskDescriptor(taskID: "t-2", priority: "P3", domain: "frontend", complexity: "medium")
        #expect(try client.rank(RankingRequest(task: other, candidates: ["premium-a", "mid-b", "cheap-c"])).ranked.first?.model == "mid-b")
    }

    /// Retries (attempt 2) are learned apart from first attempts and ranked from when the request
    /// names the models that already failed; both tables come back after a clean stop (snapshot)
    /// and after SIGKILL (log replay).
    @Test func retriesAreRankedOnWhatRetriesShowed() throws {
        let (server, file) = try Self.server()
        defer { try? FileManager.default.removeItem(at: file) }
        var client = try server.connect()
        // Fresh tasks: mid-b does as well as premium-a at a tenth of the price.
        // Retries after cheap-c failed: only premium-a succeeds.
        func retry(_ e: TaskExecution) -> TaskExecution {
            var e = e
            e.attempt = 2
            return e
        }
        var batch: [TaskExecution] = []
        for index in 0..<20 {
            batch.append(Self.execution("a-\(index)", model: "premium-a", task: Self.lowValueTask, quality: 9, success: true, cost: 0.1, value: 25))
            batch.append(Self.execution("b-\(index)", model: "mid-b", task: Self.lowValueTask, quality: 9, success: true, cost: 0.01, value: 25))
            batch.append(retry(Self.execution("ra-\(index)", model: "premium-a", task: Self.lowValueTask, quality: 9, success: true, cost: 0.1, value: 25)))
            batch.append(retry(Self.execution("rb-\(index)", model: "mid-b", task: Self.lowValueTask, quality: 0, success: false, cost: 0.01, value: 0)))
        }
        _ = try client.record(batch: batch)

        let candidates = ["premium-a", "mid-b", "cheap-c"]
        let fresh = try client.rank(RankingRequest(task: Self.lowValueTask, candidates: candidates))
        #expect(fresh.ranked.map(\.model) == ["mid-b", "premium-a", "cheap-c"])
        #expect(fresh.excluded.isEmpty)
        let again = try client.rank(RankingRequest(task: Self.lowValueTask, candidates: candidates, failedModels: ["cheap-c"]))
        #expect(again.ranked.map(\.model) == ["premium-a", "mid-b"])
        #expect(again.excluded == [ExcludedCandidate(model: "cheap-c", reason: .alreadyFailed)])
        #expect(abs((again.ranked.first?.confidence ?? 0) - 20.0 / 25.0) < 1e-12)
        #expect(again.ranked.last?.expectedSuccessRate ?? 1 < 0.5)
        // Every enabled model less the failed one; an unknown name is accepted.
        let open = try client.rank(RankingRequest(task: Self.lowValueTask, failedModels: ["cheap-c", "retired"]))
        #expect(!open.ranked.contains { $0.model == "cheap-c" })
        #expect(open.excluded == [ExcludedCandidate(model: "cheap-c", reason: .alreadyFailed)])
        let none = #expect(throws: ArbiterError.self) {
            try client.rank(RankingRequest(task: Self.lowValueTask, candidates: ["cheap-c"], failedModels: ["cheap-c"]))
        }
        #expect(none?.code == .failedPrecondition && none?.field == "candidates")

        let byModel = PerformanceQuery(groupBy: [.model])
        let retries = PerformanceQuery(groupBy: [.model], retries: true)
        #expect(try client.performance(byModel).map { [$0.model: $0.successRate] } == [["mid-b": 1], ["premium-a": 1]])
        #expect(try client.performance(retries).map { [$0.model: $0.successRate] } == [["mid-b": 0], ["premium-a": 1]])
        #expect(try client.status().executionsStored == 80)
        let report = try client.runLearning(LearningRequest(dryRun: true))
        #expect(report.sections.first { $0.title == "Retries" }?.lines.dropFirst() == [
            "- `mid-b`: retries 0 of 20 succeeded (0.0%); first attempts 20 of 20 succeeded (100.0%)",
            "- `premium-a`: retries 20 of 20 succeeded (100.0%); first attempts 20 of 20 succeeded (100.0%)",
        ])

        let before = (try client.performance(PerformanceQuery()), try client.performance(PerformanceQuery(retries: true)))
        try server.stop()
        _ = try server.start()
        client = try server.connect()
        #expect(try client.performance(PerformanceQuery()) == before.0)
        #expect(try client.performance(PerformanceQuery(retries: true)) == before.1)
        _ = try client.record(retry(Self.execution("rb-late", model: "mid-b", task: Self.lowValueTask, quality: 9, success: true, cost: 0.01, value: 25)))
        let logged = try client.performance(PerformanceQuery(retries: true))
        server.kill9()
        _ = try server.start()
        #expect(try server.connect().performance(PerformanceQuery(retries: true)) == logged)
        #expect(logged.first { $0.model == "mid-b" }?.totalTasks == 21)
    }

    /// Writers recording one execution at a time share log flushes (group commit, `--fsync always`),
    /// and ranking is published once per flush: each writer's next rank call must still count
    /// every execution it had acknowledged, its own task type's confidence n / (n + 5).
    @Test func concurrentWritersRankTheirOwnWrites() throws {
        let (server, file) = try Self.server()
        defer { try? FileManager.default.removeItem(at: file) }
        let endpoint = server.endpoint
        let perWriter = 25
        let failures = Mutex<[String]>([])
        let finished = Mutex<Int>(0)
        let done = DispatchGroup()
        for writer in 0..<8 {
            done.enter()
            Thread {
                defer { done.leave() }
                do {
                    let connection = try ArbiterConnection(endpoint: endpoint, timeout: .seconds(10))
                    let task = TaskDescriptor(taskID: "w-\(writer)", priority: "P3", domain: "writer-\(writer)", complexity: "medium")
                    let request = RankingRequest(task: task, candidates: ["cheap-c"])
                    for count in 1...perWriter {
                        let id = "w\(writer)-\(count)"
                        _ = try connection.record(Self.execution(id, model: "cheap-c", task: task, quality: 9, success: true, cost: 0.005, value: 25))
                        let confidence = try connection.rank(request).ranked.first?.confidence ?? -1
                        let expected = Double(count) / Double(count + 5)
                        if abs(confidence - expected) > 1e-12 {
                            failures.withLock { $0.append("writer \(writer) after \(count) acknowledged: confidence \(confidence), expected \(expected)") }
                        }
                    }
                    finished.withLock { $0 += 1 }
                } catch {
                    failures.withLock { $0.append("writer \(writer): \(error)") }
                }
            }.start()
        }
        done.wait()
        #expect(finished.withLock { $0 } == 8)
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0.prefix(5) })")
    }

    @Test func thompsonIsReproducibleAndExplores() throws {
        let (server, file) = try Self.server()
        defer { try? FileManager.default.removeItem(at: file) }
        let client = try server.connect()
        // mid-b is well tried and good; mid-f, at the same price, is untried with a slightly weaker prior.
        _ = try client.record(batch: (0..<60).map {
            Self.execution("m-\($0)", model: "mid-b", task: Self.lowValueTask, quality: 8, success: $0 % 10 != 0, cost: 0.01, value: 25)
        })
        let candidates = ["mid-f", "mid-b"]
        let seeded = RankingRequest(task: Self.lowValueTask, candidates: candidates, strategy: .thompson, seed: 42)
        let first = try client.rank(seeded)
        #expect(try client.rank(seeded) == first)
        #expect(first.seed == 42)

        var untriedFirst = 0
        let draws = 300
        for seed in 0..<draws {
            let result = try client.rank(RankingRequest(task: Self.lowValueTask, candidates: candidates, strategy: .thompson, seed: UInt64(seed)))
            if result.ranked.first?.model == "mid-f" {
                untriedFirst += 1
                #expect(result.ranked.first?.assignmentReason == .exploration)
            }
        }
        let rate = Double(untriedFirst) / Double(draws)
        print("thompson: untried mid-f ranked first in \(untriedFirst) of \(draws) draws (\(rate))")
        #expect(rate > 0.02 && rate < 0.9)
        // Greedy never explores: the same answer every time.
        #expect(try client.rank(RankingRequest(task: Self.lowValueTask, candidates: candidates, strategy: .greedy)).ranked.first?.model == "mid-b")
    }

    @Test func subscriptionIsPreferredUntilItsQuotaIsSpent() throws {
        let (server, file) = try Self.server()
        defer { try? FileManager.default.removeItem(at: file) }
        let client = try server.connect()
        let valuable = TaskDescriptor(taskID: "v-1", priority: "P0", domain: "backend", complexity: "complex")
        let first = try client.rank(RankingRequest(task: valuable))
        #expect(first.ranked.first?.model == "sub-d")
        #expect(first.ranked.first?.assignmentReason == .subscriptionQuota)
        // Below the value threshold the subscription competes on score like any model.
        let cheapTask = try client.rank(RankingRequest(task: Self.lowValueTask))
        #expect(cheapTask.ranked.first?.assignmentReason != .subscriptionQuota)

        let now = Int64(Date().timeIntervalSince1970 * 1000)
        _ = try client.record(batch: (0..<3).map {
            var e = Self.execution("s-\($0)", model: "sub-d", task: valuable, quality: 9, success: true, cost: 0, value: 100)
            e.timestampMs = now
            return e
        })
        let usage = try client.subscriptionUsage(model: "sub-d")
        #expect(usage.count == 1)
        #expect(usage.first?.tasksUsed == 3 && usage.first?.quotaTasks == 3)
        #expect(usage.first?.utilisation == 1)

        let spent = try client.rank(RankingRequest(task: valuable))
        #expect(!spent.ranked.map(\.model).contains("sub-d"))
        #expect(spent.excluded.map(\.model).contains("sub-d"))
        #expect(spent.excluded.first { $0.model == "sub-d" }?.reason == .quotaExhausted)

        // A fourth task on it anyway is overflow, charged at list price.
        var overflow = Self.execution("s-3", model: "sub-d", task: valuable, quality: 9, success: true, cost: 0, value: 100)
        overflow.timestampMs = now
        _ = try client.record(overflow)
        let after = try #require(try client.subscriptionUsage().first { $0.model == "sub-d" })
        #expect(after.overflowTasks == 1)
        #expect(abs(after.overflowAPICost - (4000 * 10.0 + 2000 * 30.0) / 1e6) < 1e-12)
    }

    @Test func unknownAndDisabledCandidatesAreReported() throws {
        let (server, file) = try Self.server()
        defer { try? FileManager.default.removeItem(at: file) }
        let client = try server.connect()
        let result = try client.rank(RankingRequest(task: Self.lowValueTask, candidates: ["mid-b", "nope", "off-e"]))
        #expect(result.ranked.map(\.model) == ["mid-b"])
        #expect(Set(result.excluded.map(\.model)) == ["nope", "off-e"])
        #expect(result.excluded.first { $0.model == "nope" }?.reason == .unknown)
        #expect(result.excluded.first { $0.model == "off-e" }?.reason == .disabled)

        let error = #expect(throws: ArbiterError.self) {
            try client.rank(RankingRequest(task: Self.lowValueTask, candidates: ["nope", "off-e"]))
        }
        #expect(error?.code == .failedPrecondition)
        let invalid = #expect(throws: ArbiterError.self) {
            try client.rank(RankingRequest(task: TaskDescriptor(taskID: "x", priority: "", domain: "d", complexity: "c")))
        }
        #expect(invalid?.code == .invalidArgument)
        #expect(invalid?.field == "task.priority")
        // Every enabled model is a candidate by default; the disabled one is not.
        #expect(Set(try client.rank(RankingRequest(task: Self.lowValueTask)).ranked.map(\.model)) == ["premium-a", "mid-b", "cheap-c", "sub-d", "mid-f"])
    }

    @Test func estimatesUseCatalogPricesAndComplexity() throws {
        let (server, file) = try Self.server()
        defer { try? FileManager.default.removeItem(at: file) }
        let client = try server.connect()
        let simple = try client.estimate(TaskDescriptor(taskID: "e", priority: "P1", domain: "backend", complexity: "simple"), candidates: ["mid-b"])
        let hard = try client.estimate(TaskDescriptor(taskID: "e", priority: "P1", domain: "backend", complexity: "very_complex"), candidates: ["mid-b"])
        let s = try #require(simple.estimates.first), h = try #require(hard.estimates.first)
        #expect(s.inputTokens == 2000 && s.outputTokens == 1000)  // 0.5 × base
        #expect(h.inputTokens == 8000 && h.outputTokens == 4000)  // 2.0 × base
        #expect(abs(h.cost - (8000 * 1.0 + 4000 * 3.0) / 1e6) < 1e-12)
        #expect(s.valueScore == 75)  // P1's default weight
        // The caller's own predictions win.
        let given = try client.estimate(
            TaskDescriptor(taskID: "e", priority: "P1", domain: "backend", complexity: "simple", predictedInputTokens: 123, predictedValueScore: 9),
            candidates: ["mid-b"])
        #expect(given.estimates.first?.inputTokens == 123 && given.estimates.first?.valueScore == 9)
    }

    @Test func badCatalogReloadKeepsTheOldOne() throws {
        let (server, file) = try Self.server()
        defer { try? FileManager.default.removeItem(at: file) }
        let client = try server.connect()
        let before = try client.models()
        #expect(before.models.count == 6)
        #expect(before.catalogPath == file.path)

        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: bad) }
        try "models:\n  - name: x\n    tier: gold\n    input_price_per_million: 1\n    output_price_per_million: 1\n".write(to: bad, atomically: true, encoding: .utf8)
        let error = #expect(throws: ArbiterError.self) { try client.reloadCatalog(path: bad.path) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains(":3:") == true, "the message names the line: \(error?.message ?? "")")
        #expect(try client.models() == before)

        let good = Self.catalog.replacingOccurrences(of: "name: cheap-c", with: "name: cheap-z")
        try good.write(to: file, atomically: true, encoding: .utf8)
        let reloaded = try client.reloadCatalog()
        #expect(reloaded.models.map(\.name).contains("cheap-z"))
        let after = try client.rank(RankingRequest(task: Self.lowValueTask, candidates: ["cheap-c", "cheap-z"]))
        #expect(after.ranked.map(\.model) == ["cheap-z"])
        #expect(after.excluded.first?.reason == .unknown)
    }

    @Test func cliRanksAndEstimates() throws {
        let server = try TestServer()
        let rank = try CLITests.run(["rank", "--priority", "P1", "--domain", "infrastructure", "--complexity", "complex", "--json", "--endpoint", server.endpoint])
        #expect(rank.status == 0, "\(rank.errors)")
        struct Ranked: Decodable {
            struct Model: Decodable { var model: String; var score: Double; var assignment_reason: String }
            var models: [Model]
            var strategy: String
        }
        let ranked = try JSONDecoder().decode(Ranked.self, from: Data(rank.output.utf8))
        let models = try server.connect().models().models.filter(\.enabled)
        #expect(ranked.models.count == models.count)
        #expect(ranked.strategy == "greedy")

        let table = try CLITests.run(["estimate", "--priority", "P1", "--domain", "infrastructure", "--complexity", "complex", "--endpoint", server.endpoint])
        #expect(table.status == 0, "\(table.errors)")
        #expect(models.allSatisfy { table.output.contains($0.name) })

        // The trade-off flags reach the server; bad values are refused naming the flag.
        let args = ["rank", "--priority", "P3", "--domain", "backend", "--complexity", "simple", "--json", "--endpoint", server.endpoint]
        let cheapest = try JSONDecoder().decode(Ranked.self, from: Data(try CLITests.run(args + ["--quality-price", "0"]).output.utf8))
        let costs = try server.connect().rank(RankingRequest(
            task: TaskDescriptor(taskID: "", priority: "P3", domain: "backend", complexity: "simple"), qualityPrice: 0)).ranked
        #expect(cheapest.models.map(\.model) == costs.map(\.model))
        #expect(costs.map(\.estimatedCost) == costs.map(\.estimatedCost).sorted())
        for (flag, value) in [("--quality-price", "-1"), ("--quality-tolerance", "11")] {
            let refused = try CLITests.run(args + [flag + "=" + value])
            #expect(refused.status != 0 && refused.errors.contains(flag + ":"), "\(refused.errors)")
        }
        let both = try CLITests.run(args + ["--quality-price", "1", "--quality-tolerance", "1"])
        #expect(both.status != 0 && both.errors.contains("--quality-price: quality_price and quality_tolerance"))

        // A retry: the failed models are left out and said so.
        struct Retry: Decodable {
            struct Excluded: Decodable { var model: String; var code: String }
            var models: [Ranked.Model]
            var excluded: [Excluded]
        }
        let failed = [cheapest.models[0].model, cheapest.models[1].model]
        let retry = try CLITests.run(args + ["--failed-model", failed[0], "--failed-model", failed[1]])
        #expect(retry.status == 0, "\(retry.errors)")
        let retried = try JSONDecoder().decode(Retry.self, from: Data(retry.output.utf8))
        #expect(retried.models.count == models.count - 2 && !retried.models.contains { failed.contains($0.model) })
        #expect(retried.excluded.map(\.model).sorted() == failed.sorted() && retried.excluded.allSatisfy { $0.code == "ALREADY_FAILED" })
    }
}
