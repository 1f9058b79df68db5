import ArbiterCore
import Testing

@Suite struct GreedyRankingTests {
    typealias F = RankingFixtures

    static let prior = CapabilityPrior(quality: 6, successRate: 0.6)
    static let capabilities = CapabilityMatrix(models: ["sonnet": ModelCapabilities(overall: prior)])
    /// Sonnet on the fixture task: 4000 × $3/M + 2000 × $15/M.
    static let cost = 0.042
    static let priorValuePerDollar = 75 / cost

    /// A table holding `n` executions of sonnet on the fixture task: quality 9, every one a success, value 21 for $0.07.
    static func table(_ n: Int, value: Double? = 21) -> PerformanceTable {
        var table = PerformanceTable()
        for i in 0..<n {
            table.apply(F.execution(model: "sonnet", quality: 9, value: value, cost: 0.07, index: i))
        }
        return table
    }

    func only(_ n: Int, value: Double? = 21, policy: RankingPolicy = RankingPolicy()) throws -> RankedModel {
        let result = try F.rank(
            RankingRequest(task: F.task, strategy: .greedy),
            catalog: [F.sonnet], capabilities: Self.capabilities, table: Self.table(n, value: value), policy: policy
        )
        return try #require(result.ranked.first)
    }

    @Test func withoutDataTheScoreIsThePriorsInTheSameUnits() throws {
        let r = try only(0)
        #expect(r.expectedQuality == 6)
        #expect(r.expectedSuccessRate == 0.6)
        #expect(F.close(r.expectedValuePerDollar, Self.priorValuePerDollar))
        #expect(F.close(r.score, 6 * 0.6 * Self.priorValuePerDollar))
        #expect(r.source == .prior)
        #expect(r.confidence == 0)
        #expect(r.assignmentReason == .coldStart)
        #expect(F.close(r.estimatedCost, Self.cost))
    }

    @Test func atNEqualToKLearnedAndPriorWeighTheSame() throws {
        let r = try only(5)
        #expect(F.close(r.expectedQuality, (9 + 6) / 2))
        #expect(F.close(r.expectedSuccessRate, (1 + 0.6) / 2))
        #expect(F.close(r.expectedValuePerDollar, (300 + Self.priorValuePerDollar) / 2))
        #expect(F.close(r.score, r.expectedQuality * r.expectedSuccessRate * r.expectedValuePerDollar))
        #expect(r.source == .blend)
        #expect(r.confidence == 0.5)
        #expect(r.assignmentReason == .learnedBest)
    }

    @Test func thePriorFadesAsDataArrives() throws {
        let r = try only(2000)
        #expect(F.close(r.expectedQuality, (2000 * 9 + 5 * 6) / 2005.0))
        #expect(abs(r.expectedQuality - 9) < 0.01)
        #expect(abs(r.expectedSuccessRate - 1) < 0.01)
        #expect(F.close(r.expectedValuePerDollar, (2000 * 300 + 5 * Self.priorValuePerDollar) / 2005))
        #expect(abs(r.expectedValuePerDollar / 300 - 1) < 0.02)
        #expect(r.source == .learned)
        #expect(r.confidence > 0.99)
    }

    @Test func theSourceTurnsLearnedOnceThePriorWeighsUnderFivePercent() throws {
        // k/(n + k) < 0.05 ⇔ n > 19k = 95.
        #expect(try only(95).source == .blend)
        #expect(try only(96).source == .learned)
        // 0.5/9.5 > 0.05 > 0.5/10.5
        #expect(try only(9, policy: RankingPolicy(priorStrength: 0.5)).source == .blend)
        #expect(try only(10, policy: RankingPolicy(priorStrength: 0.5)).source == .learned)
    }

    @Test func valuePerDollarCountsOnlyExecutionsThatReportedValue() throws {
        let r = try only(2000, value: nil)
        #expect(F.close(r.expectedValuePerDollar, Self.priorValuePerDollar))
        #expect(r.source == .blend)
    }

    @Test func aLearnedWinnerRisesToTheTopAsDataAccumulates() throws {
        // The prior prefers opus-like "veteran"; in truth "upstart" is better and "veteran" fails half the time.
        let veteran = ModelDescriptor(name: "veteran", tier: .mid, inputPricePerMillion: 3, outputPricePerMillion: 15)
        let upstart = ModelDescriptor(name: "upstart", tier: .mid, inputPricePerMillion: 3, outputPricePerMillion: 15)
        let capabilities = F.matrix(["veteran": (8, 0.9), "upstart": (6, 0.6)])
        let request = RankingRequest(task: F.task, strategy: .greedy)
        var table = PerformanceTable()

        var first = try F.rank(request, catalog: [veteran, upstart], capabilities: capabilities, table: table)
        #expect(first.ranked.map(\.model) == ["veteran", "upstart"])
        #expect(first.ranked[0].assignmentReason == .coldStart)

        var overtookAfter: Int?
        for round in 1...40 {
            table.apply(F.execution(model: "veteran", success: round % 2 == 0, quality: 5, value: 40, cost: 0.042, index: round))
            table.apply(F.execution(model: "upstart", success: true, quality: 9.5, value: 90, cost: 0.042, index: round))
            first = try F.rank(request, catalog: [veteran, upstart], capabilities: capabilities, table: table)
            if first.ranked[0].model == "upstart" && overtookAfter == nil { overtookAfter = round }
        }
        print("greedy: the better learned model overtook the prior's favourite after \(overtookAfter.map(String.init) ?? "never") rounds")
        #expect(try #require(overtookAfter) <= 5)
        #expect(first.ranked.map(\.model) == ["upstart", "veteran"])
        #expect(first.ranked[0].assignmentReason == .learnedBest)
        #expect(first.ranked[0].source == .blend)
        #expect(first.ranked[0].confidence == 40.0 / 45)
    }

    @Test func highValuePremiumNeedsPremiumFirstAndAHighValueTask() throws {
        let capabilities = F.matrix(["opus": (9.5, 0.95), "deepseek": (5, 0.5)])
        let catalog = [F.opus, F.deepseek]
        let p0 = try F.rank(RankingRequest(task: F.task(priority: "P0"), candidates: ["opus"]), catalog: catalog, capabilities: capabilities)
        #expect(p0.ranked[0].assignmentReason == .highValuePremium)
        let p2 = try F.rank(RankingRequest(task: F.task(priority: "P2"), candidates: ["opus"]), catalog: catalog, capabilities: capabilities)
        #expect(p2.ranked[0].assignmentReason == .coldStart)
        // Cheaper by a factor of 60, deepseek wins on value per dollar; opus second is no high-value pick.
        let both = try F.rank(RankingRequest(task: F.task(priority: "P0")), catalog: catalog, capabilities: capabilities)
        #expect(both.ranked.map(\.model) == ["deepseek", "opus"])
        #expect(both.ranked.map(\.assignmentReason) == [.coldStart, .coldStart])
    }

    @Test func tiesGoToTheNameFirstInByteOrder() throws {
        let a = ModelDescriptor(name: "b-model", tier: .mid, inputPricePerMillion: 1, outputPricePerMillion: 1)
        let b = ModelDescriptor(name: "a-model", tier: .mid, inputPricePerMillion: 1, outputPricePerMillion: 1)
        let result = try F.rank(RankingRequest(task: F.task), catalog: [a, b])
        #expect(result.ranked.map(\.model) == ["a-model", "b-model"])
        #expect(result.strategy == .greedy)
        #expect(result.seed == nil)
    }

    @Test func topKTruncatesAfterOrdering() throws {
        let catalog = [F.opus, F.sonnet, F.deepseek]
        let all = try F.rank(RankingRequest(task: F.task), catalog: catalog)
        let two = try F.rank(RankingRequest(task: F.task, topK: 2), catalog: catalog)
        #expect(all.ranked.count == 3)
        #expect(two.ranked == Array(all.ranked.prefix(2)))
        #expect(try F.rank(RankingRequest(task: F.task, topK: 10), catalog: catalog).ranked.count == 3)
    }
}
