import ArbiterCore
import Testing

@Suite struct SeedCompatRankingTests {
    typealias F = RankingFixtures

    static let capabilities = F.matrix(["opus": (9, 0.9), "sonnet": (8, 0.85), "deepseek": (6, 0.7)])
    static let catalog = [F.opus, F.sonnet, F.deepseek]

    @Test func learnedScoresUseTheRunningAveragesAndColdStartOnesThePriorProduct() throws {
        var table = PerformanceTable(alpha: 0.1)
        let executions = [
            F.execution(model: "sonnet", success: true, quality: 9, value: 30, cost: 0.05, index: 0),
            F.execution(model: "sonnet", success: false, quality: 4, value: 10, cost: 0.05, index: 1),
        ]
        for e in executions { table.apply(e) }
        let running = try #require(table.cell(model: "sonnet", priority: "P1", domain: "backend", complexity: "medium")?.running)

        let result = try F.rank(RankingRequest(task: F.task, strategy: .seedCompat), catalog: Self.catalog, capabilities: Self.capabilities, table: table)
        #expect(result.strategy == .seedCompat)
        let sonnet = try #require(result.ranked.first { $0.model == "sonnet" })
        #expect(sonnet.score == running.avgQualityScore * running.successRate * running.avgCostEfficiency)
        #expect(sonnet.score == 8.5 * 0.9 * 560)  // EMAs from 9, 1, 600 then 4, 0, 200
        #expect(sonnet.source == .learned)
        #expect(sonnet.confidence == running.confidence)
        #expect(sonnet.assignmentReason == .learnedBest)

        let opus = try #require(result.ranked.first { $0.model == "opus" })
        #expect(F.close(opus.score, 9 * 0.9))  // no value-per-dollar factor: the seed's scale mismatch
        #expect(opus.source == .prior)
        #expect(opus.assignmentReason == .coldStart)
        // On different scales, any learned model with value data outranks every cold-start one.
        #expect(result.ranked.map(\.model) == ["sonnet", "opus", "deepseek"])
    }

    @Test func oneExecutionIsTrustedBecauseTheConfidenceCheckCannotFail() throws {
        var table = PerformanceTable()
        table.apply(F.execution(model: "deepseek", success: true, quality: 2, value: 1, cost: 0.5))
        let result = try F.rank(RankingRequest(task: F.task, strategy: .seedCompat), catalog: Self.catalog, capabilities: Self.capabilities, table: table)
        let deepseek = try #require(result.ranked.first { $0.model == "deepseek" })
        #expect(deepseek.source == .learned)
        #expect(deepseek.confidence == 0.5045)
        #expect(deepseek.score == 2 * 1 * 2)
    }

    @Test func aLearnedModelWithoutValueDataScoresZero() throws {
        var table = PerformanceTable()
        for i in 0..<50 {
            table.apply(F.execution(model: "opus", success: true, quality: 10, value: nil, index: i))
        }
        let result = try F.rank(RankingRequest(task: F.task, strategy: .seedCompat), catalog: Self.catalog, capabilities: Self.capabilities, table: table)
        #expect(result.ranked.map(\.model) == ["sonnet", "deepseek", "opus"])
        #expect(result.ranked[2].score == 0)
    }
}
