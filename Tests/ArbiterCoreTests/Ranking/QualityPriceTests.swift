import ArbiterCore
import Testing

/// The quality price: rank by dollars' worth of expected quality less the task's cost.
@Suite struct QualityPriceTests {
    typealias F = RankingFixtures

    /// Expected quality × success: opus 9 × 0.95 = 8.55, sonnet 8 × 0.9 = 7.2, deepseek 6 × 0.7 = 4.2.
    /// The fixture task (4,000 input and 2,000 output tokens) costs opus $0.21, sonnet $0.042 and
    /// deepseek $0.00328, so sonnet overtakes deepseek at (0.042 − 0.00328) / (7.2 − 4.2) ≈ $0.0129
    /// a point, and opus overtakes sonnet at (0.21 − 0.042) / (8.55 − 7.2) ≈ $0.1244 a point.
    static let capabilities = F.matrix(["opus": (9, 0.95), "sonnet": (8, 0.9), "deepseek": (6, 0.7)])
    static let catalog = [F.opus, F.sonnet, F.deepseek]

    func rank(
        price: Double?, tolerance: Double? = nil, policy: RankingPolicy = RankingPolicy(), strategy: RankingStrategy = .greedy,
        seed: UInt64 = 7
    ) throws -> RankingResult {
        try F.rank(
            RankingRequest(task: F.task, strategy: strategy, seed: seed, qualityTolerance: tolerance, qualityPrice: price),
            catalog: Self.catalog, capabilities: Self.capabilities, policy: policy)
    }

    func order(price: Double?, tolerance: Double? = nil, policy: RankingPolicy = RankingPolicy()) throws -> [String] {
        try rank(price: price, tolerance: tolerance, policy: policy).ranked.map(\.model)
    }

    @Test(arguments: [
        (0.0, ["deepseek", "sonnet", "opus"]),
        (0.0125, ["deepseek", "sonnet", "opus"]),
        (0.0135, ["sonnet", "deepseek", "opus"]),
        (0.12, ["sonnet", "opus", "deepseek"]),
        (0.13, ["opus", "sonnet", "deepseek"]),
        (1000.0, ["opus", "sonnet", "deepseek"]),
        (RankingPolicy.maximumQualityPrice, ["opus", "sonnet", "deepseek"]),
    ])
    func aDearerModelGoesFirstOnceItsExtraQualityIsWorthItsExtraCost(_ price: Double, _ expected: [String]) throws {
        #expect(try order(price: price) == expected)
    }

    @Test func theScoreIsTheNetWorthInDollars() throws {
        let ranked = try rank(price: 0.05).ranked
        for model in ranked {
            let worth = 0.05 * model.expectedQuality * model.expectedSuccessRate - model.estimatedCost
            #expect(F.close(model.score, worth), "\(model.model): \(model.score) vs \(worth)")
        }
        let costs = Dictionary(uniqueKeysWithValues: ranked.map { ($0.model, $0.estimatedCost) })
        #expect(F.close(costs["opus"] ?? 0, 0.21) && F.close(costs["sonnet"] ?? 0, 0.042) && F.close(costs["deepseek"] ?? 0, 0.00328))
    }

    @Test func theRequestsTradeOffReplacesThePolicys() throws {
        let byPrice = RankingPolicy(qualityPrice: 0.13)
        #expect(try order(price: nil, policy: byPrice).first == "opus")
        // A tolerance in the request replaces the catalog's price, not adds to it: 10 points is no constraint.
        #expect(try order(price: nil, tolerance: 10, policy: byPrice).first == "deepseek")
        #expect(try order(price: 0.0135, policy: RankingPolicy(qualityTolerance: 0)).first == "sonnet")
    }

    @Test func thompsonPricesItsDrawsAndSeedCompatIgnoresIt() throws {
        var opusFirst = 0
        for seed in 0..<200 as Range<UInt64> {
            if try rank(price: 1000, strategy: .thompson, seed: seed).ranked.first?.model == "opus" { opusFirst += 1 }
        }
        // Opus leads deepseek by 4.35 points, which holds in most draws even from priors alone.
        #expect(opusFirst > 100 && opusFirst < 200)
        let seedCompat = try rank(price: 1000, strategy: .seedCompat).ranked.map(\.model)
        #expect(seedCompat == (try rank(price: nil, strategy: .seedCompat).ranked.map(\.model)))
    }

    /// A price so large that price × quality overflows would score every model +inf and rank them by name.
    @Test(arguments: [-0.01, Double.nan, Double.infinity, Double.greatestFiniteMagnitude, RankingPolicy.maximumQualityPrice.nextUp])
    func badPricesAreRefusedNamingTheField(_ price: Double) throws {
        let error = #expect(throws: ArbiterError.self) { try order(price: price) }
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "quality_price")
        #expect(throws: ArbiterError.self) { try RankingPolicy(qualityPrice: price).validate() }
    }

    @Test func bothKnobsAtOnceAreRefused() throws {
        let error = #expect(throws: ArbiterError.self) { try order(price: 0.1, tolerance: 1) }
        #expect(error?.field == "quality_price")
        let policyError = #expect(throws: ArbiterError.self) { try RankingPolicy(qualityTolerance: 1, qualityPrice: 0.1).validate() }
        #expect(policyError?.field == "quality_price")
    }
}
