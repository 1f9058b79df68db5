import ArbiterCore
import Testing

/// Retries (`TaskExecution.attempt` 2 or more) are learned apart from first attempts, and a
/// ranking that names the models that already failed leaves them out.
@Suite struct RetryTests {
    typealias F = RankingFixtures

    static func execution(model: String, attempt: UInt32, success: Bool, index: Int) -> TaskExecution {
        var e = F.execution(model: model, success: success, quality: success ? 9 : 0, index: index)
        e.executionID = "\(model)-\(attempt)-\(index)"
        e.attempt = attempt
        return e
    }

    @Test func retriesAreLearnedInATableOfTheirOwn() {
        var state = LearningState()
        // Attempts 0 and 1 are both first attempts: opus succeeds; as a retry it fails.
        for index in 0..<6 {
            state.apply(Self.execution(model: "opus", attempt: UInt32(index % 2), success: true, index: index))
            state.apply(Self.execution(model: "opus", attempt: 2 + UInt32(index % 2), success: false, index: index))
        }
        let task = F.task
        let first = state.performance.cell(model: "opus", priority: task.priority, domain: task.domain, complexity: task.complexity)
        let retry = state.retryPerformance.cell(model: "opus", priority: task.priority, domain: task.domain, complexity: task.complexity)
        #expect(first?.aggregate.count == 6 && first?.aggregate.successes == 6)
        #expect(retry?.aggregate.count == 6 && retry?.aggregate.successes == 0)
        #expect(state.executions.count == 12)
        let stored: [UInt32] = (0..<12).map { state.executions[$0].attempt }
        #expect(stored == [0, 2, 1, 3, 0, 2, 1, 3, 0, 2, 1, 3])

        #expect(state.performance(for: PerformanceQuery()).rows(PerformanceQuery()).map(\.successRate) == [1])
        let retries = PerformanceQuery(retries: true)
        #expect(state.performance(for: retries).rows(retries).map(\.successRate) == [0])
        #expect(state.performance(for: retries).rows(retries).map(\.totalTasks) == [6])
    }

    @Test func failedModelsAreLeftOutAndSaidSo() throws {
        let catalog = [F.opus, F.sonnet, F.deepseek]
        // Every enabled model, less the one that failed; a name the catalog does not know is accepted.
        let all = try F.rank(RankingRequest(task: F.task, failedModels: ["deepseek", "retired-model"]), catalog: catalog)
        #expect(Set(all.ranked.map(\.model)) == ["opus", "sonnet"])
        #expect(all.excluded == [ExcludedCandidate(model: "deepseek", reason: .alreadyFailed)])
        #expect(all.excluded[0].message == #"Model "deepseek" already failed this task (failed_models)."#)

        let named = try F.rank(RankingRequest(task: F.task, candidates: ["deepseek", "opus"], failedModels: ["deepseek"]), catalog: catalog)
        #expect(named.ranked.map(\.model) == ["opus"])

        let error = #expect(throws: ArbiterError.self) {
            try F.rank(RankingRequest(task: F.task, candidates: ["deepseek"], failedModels: ["deepseek"]), catalog: catalog)
        }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.field == "candidates")
        #expect(error?.message.contains("already failed this task") == true)
    }

    @Test func theRetryTableScoresARetry() throws {
        var state = LearningState()
        for index in 0..<20 {
            // Fresh tasks: sonnet does as well as opus for a fifth of the price. Retries: only opus succeeds.
            state.apply(Self.execution(model: "opus", attempt: 1, success: true, index: index))
            state.apply(Self.execution(model: "sonnet", attempt: 1, success: true, index: index))
            state.apply(Self.execution(model: "opus", attempt: 2, success: true, index: index))
            state.apply(Self.execution(model: "sonnet", attempt: 2, success: false, index: index))
        }
        let catalog = [F.opus, F.sonnet, F.deepseek]
        let request = RankingRequest(task: F.task, failedModels: ["deepseek"])
        let fresh = try F.rank(request, catalog: catalog, table: state.performance)
        let retry = try F.rank(request, catalog: catalog, table: state.retryPerformance)
        #expect(fresh.ranked.first?.model == "sonnet")
        #expect(retry.ranked.first?.model == "opus")
        // Confidence n / (n + k) counts the retries alone.
        #expect(F.close(retry.ranked.first?.confidence ?? 0, 20.0 / 25.0))
    }

    @Test func attemptsAreBoundedForTheStore() throws {
        var e = F.execution(model: "opus")
        e.attempt = 100
        try ExecutionValidator().validate(e)
        e.attempt = 101
        let error = #expect(throws: ArbiterError.self) { try ExecutionValidator().validate(e) }
        #expect(error?.field == "attempt")
        #expect(error?.message == "attempt must be at most 100 (1 or 0 for a first attempt); got 101")
        // A configured limit past 8 bits is held to what the store keeps.
        e.attempt = 256
        let capped = #expect(throws: ArbiterError.self) { try ExecutionValidator(limits: ExecutionLimits(maxAttempt: 1000)).validate(e) }
        #expect(capped?.message == "attempt must be at most 255 (1 or 0 for a first attempt); got 256")
    }

    @Test func theLearningReportAccountsForRetries() {
        var state = LearningState()
        let none = LearningRun().analyze(state, models: [F.opus, F.sonnet], asOfMs: 1_700_000_000_000, dryRun: true)
        #expect(none.report.sections.isEmpty)
        // opus: 3 of 4 retries and 2 of 2 first attempts succeed; sonnet only retried, 0 of 1.
        for index in 0..<4 { state.apply(Self.execution(model: "opus", attempt: 2, success: index > 0, index: index)) }
        for index in 0..<2 { state.apply(Self.execution(model: "opus", attempt: 1, success: true, index: index)) }
        state.apply(Self.execution(model: "sonnet", attempt: 3, success: false, index: 0))
        let report = LearningRun().analyze(state, models: [F.opus, F.sonnet], asOfMs: 1_700_000_000_000, dryRun: true).report
        #expect(report.sections.map(\.title) == ["Retries"])
        #expect(report.sections.first?.lines.dropFirst() == [
            "- `opus`: retries 3 of 4 succeeded (75.0%); first attempts 2 of 2 succeeded (100.0%)",
            "- `sonnet`: retries 0 of 1 succeeded (0.0%); first attempts none",
        ])
    }

    @Test func alertsJudgeFirstAttemptsOnly() {
        var monitor = AlertMonitor()
        let now = F.execution(model: "opus").timestampMs
        monitor.observe(Self.execution(model: "opus", attempt: 2, success: false, index: 0), nowMs: now)
        #expect(monitor.calendar.days(ofModel: "opus") == nil)
        monitor.observe(Self.execution(model: "opus", attempt: 1, success: true, index: 1), nowMs: now)
        #expect(monitor.calendar.days(ofModel: "opus")?.map(\.tasks) == [1])
    }
}
