import ArbiterCore
import Testing

/// The quality tolerance: the best value per dollar among the models nearly as good as the best.
@Suite struct QualityToleranceTests {
    typealias F = RankingFixtures

    /// Opus is the better model (quality 9 × success 0.95 = 8.55), deepseek the far cheaper one (6 × 0.7 = 4.2),
    /// sonnet between them (8 × 0.9 = 7.2).
    static let capabilities = F.matrix(["opus": (9, 0.95), "sonnet": (8, 0.9), "deepseek": (6, 0.7)])
    static let catalog = [F.opus, F.sonnet, F.deepseek]

    func order(tolerance: Double?, policy: RankingPolicy = RankingPolicy(), strategy: RankingStrategy = .greedy) throws -> [String] {
        try F.rank(
            RankingRequest(task: F.task, strategy: strategy, seed: 7, qualityTolerance: tolerance),
            catalog: Self.catalog, capabilities: Self.capabilities, policy: policy
        ).ranked.map(\.model)
    }

    @Test func withoutOneTheScoreAloneDecides() throws {
        let result = try F.rank(RankingRequest(task: F.task), catalog: Self.catalog, capabilities: Self.capabilities)
        #expect(result.ranked.map(\.model) == ["deepseek", "sonnet", "opus"])
        #expect(result.ranked.map(\.score) == result.ranked.map(\.score).sorted(by: >))
        // 10 points cannot exclude anyone: the same as none.
        #expect(try order(tolerance: 10) == ["deepseek", "sonnet", "opus"])
    }

    @Test func zeroBuysTheBestExpectedQuality() throws {
        // Opus alone is within 0 of the best; the others follow by score.
        #expect(try order(tolerance: 0) == ["opus", "deepseek", "sonnet"])
    }

    /// Sonnet trails opus by 1.35 points, deepseek by 4.35.
    @Test(arguments: [(1.3, ["opus", "deepseek", "sonnet"]), (1.4, ["sonnet", "opus", "deepseek"]), (4.3, ["sonnet", "opus", "deepseek"]), (4.4, ["deepseek", "sonnet", "opus"])])
    func theToleranceAdmitsModelsByTheirShortfall(_ tolerance: Double, _ expected: [String]) throws {
        #expect(try order(tolerance: tolerance) == expected)
    }

    @Test func thePolicyDefaultAppliesWhenTheRequestSetsNone() throws {
        #expect(try order(tolerance: nil, policy: RankingPolicy(qualityTolerance: 0)).first == "opus")
        #expect(try order(tolerance: 10, policy: RankingPolicy(qualityTolerance: 0)).first == "deepseek")
    }

    @Test func thompsonComparesItsDrawsAndSeedCompatIgnoresIt() throws {
        // Priors without data are wide, but opus's lead of 4.35 points over deepseek holds in most draws.
        var opusFirst = 0
        for seed in 0..<200 as Range<UInt64> {
            let ranked = try F.rank(
                RankingRequest(task: F.task, strategy: .thompson, seed: seed, qualityTolerance: 0),
                catalog: Self.catalog, capabilities: Self.capabilities
            ).ranked
            if ranked.first?.model == "opus" { opusFirst += 1 }
        }
        #expect(opusFirst > 100)
        #expect(try order(tolerance: 0, strategy: .seedCompat) == order(tolerance: nil, strategy: .seedCompat))
    }

    @Test(arguments: [-0.1, 10.5, Double.nan, Double.infinity])
    func outOfRangeTolerancesAreRefusedNamingTheField(_ tolerance: Double) throws {
        let error = #expect(throws: ArbiterError.self) { try order(tolerance: tolerance) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "quality_tolerance")
        #expect(throws: ArbiterError.self) { try RankingPolicy(qualityTolerance: tolerance).validate() }
    }
}
