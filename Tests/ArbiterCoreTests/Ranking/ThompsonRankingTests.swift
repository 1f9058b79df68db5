import ArbiterCore
import Testing

@Suite struct ThompsonRankingTests {
    typealias F = RankingFixtures

    static func model(_ name: String) -> ModelDescriptor {
        ModelDescriptor(name: name, tier: .mid, inputPricePerMillion: 3, outputPricePerMillion: 15)
    }

    /// "veteran": 200 executions, 80% success, quality about 7. "dud": 200 executions, 30% success, quality about 4.
    /// "newcomer": never tried, with a reasonable prior slightly below the veteran's record.
    static let catalog = [model("veteran"), model("dud"), model("newcomer")]
    static let capabilities = F.matrix(["veteran": (7, 0.8), "dud": (7, 0.8), "newcomer": (7, 0.75)])
    static let table: PerformanceTable = {
        var table = PerformanceTable()
        for i in 0..<200 {
            // No value_delivered, so every model's value per dollar is the same prior and only quality and success differ.
            table.apply(F.execution(model: "veteran", success: i % 5 != 0, quality: i % 2 == 0 ? 6.5 : 7.5, index: i))
            table.apply(F.execution(model: "dud", success: i % 10 < 3, quality: i % 2 == 0 ? 3.5 : 4.5, index: i))
        }
        return table
    }()

    static func rank(seed: UInt64?) throws -> RankingResult {
        try F.rank(RankingRequest(task: F.task, strategy: .thompson, seed: seed), catalog: catalog, capabilities: capabilities, table: table)
    }

    @Test func theSameSeedGivesTheSameRanking() throws {
        for seed: UInt64 in [0, 1, 42, .max] {
            let a = try Self.rank(seed: seed)
            let b = try Self.rank(seed: seed)
            #expect(a == b)
            #expect(a.seed == seed)
            #expect(a.strategy == .thompson)
        }
        let orders = Set(try (0..<50).map { try Self.rank(seed: UInt64($0)).ranked.map(\.model) })
        #expect(orders.count > 1)
    }

    @Test func anUnseededRankingReportsTheSeedThatReplaysIt() throws {
        let first = try Self.rank(seed: nil)
        let seed = try #require(first.seed)
        #expect(try Self.rank(seed: seed) == first)
    }

    @Test func expectationsArePosteriorMeansAndOnlyTheScoreIsDrawn() throws {
        let greedy = try F.rank(RankingRequest(task: F.task, strategy: .greedy), catalog: Self.catalog, capabilities: Self.capabilities, table: Self.table)
        let thompson = try Self.rank(seed: 7)
        for r in thompson.ranked {
            let g = try #require(greedy.ranked.first { $0.model == r.model })
            #expect(r.expectedQuality == g.expectedQuality)
            #expect(r.expectedSuccessRate == g.expectedSuccessRate)
            #expect(r.expectedValuePerDollar == g.expectedValuePerDollar)
            #expect(r.confidence == g.confidence)
        }
    }

    @Test func anUntriedModelIsExploredAtAMeasurableRate() throws {
        let seeds = 2000
        var firsts: [String: Int] = [:]
        var explorationFirsts = 0
        for seed in 0..<seeds {
            let result = try Self.rank(seed: UInt64(seed) &* 0x9E37_79B9_7F4A_7C15)
            let top = result.ranked[0]
            firsts[top.model, default: 0] += 1
            if top.model == "newcomer" {
                // Greedy puts the veteran first, so a newcomer on top was placed there by exploration.
                #expect(top.assignmentReason == .exploration)
                explorationFirsts += 1
            } else {
                #expect(top.assignmentReason == .learnedBest)
            }
        }
        let rate = { (model: String) in Double(firsts[model, default: 0]) / Double(seeds) }
        print("thompson over \(seeds) seeds, ranked first: newcomer \(rate("newcomer")), veteran \(rate("veteran")), dud \(rate("dud"))")
        #expect(rate("newcomer") > 0.1 && rate("newcomer") < 0.6)
        #expect(rate("veteran") > 0.4)
        #expect(rate("dud") < 0.01)
        #expect(explorationFirsts == firsts["newcomer", default: 0])

        let greedy = try F.rank(RankingRequest(task: F.task, strategy: .greedy), catalog: Self.catalog, capabilities: Self.capabilities, table: Self.table)
        #expect(greedy.ranked.map(\.model) == ["veteran", "newcomer", "dud"])
    }
}
