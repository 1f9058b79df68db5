import ArbiterCore
import Testing

@Suite struct RankingPerformanceTests {
    typealias F = RankingFixtures

    /// Twenty models, most with learned data, one on a subscription.
    static let catalog: [ModelDescriptor] = (0..<20).map { (i: Int) -> ModelDescriptor in
        let price = Double(i + 1)
        let tier: ModelTier = i < 5 ? .premium : .mid
        let subscription: Subscription? = i == 3 ? Subscription(quotaTasks: 100, periodSeconds: 86400, fee: 50) : nil
        return ModelDescriptor(
            name: "model-\(i)", tier: tier, inputPricePerMillion: price, outputPricePerMillion: 5 * price, subscription: subscription
        )
    }
    static let table: PerformanceTable = {
        var table = PerformanceTable()
        for i in 0..<20 {
            for j in 0..<(3 * i) {
                table.apply(F.execution(model: "model-\(i)", success: j % 3 != 0, quality: Double(j % 10), value: 50, index: j))
            }
        }
        return table
    }()

    /// Prints the cost of a rank call; optimised builds take a few microseconds, debug builds many more.
    @Test(arguments: RankingStrategy.allCases)
    func rankingTwentyModels(strategy: RankingStrategy) throws {
        let request = RankingRequest(task: F.task, strategy: strategy, seed: 1)
        let iterations = 2000
        var first: RankingResult?
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for _ in 0..<iterations {
                let result = try F.rank(request, catalog: Self.catalog, table: Self.table)
                if first == nil { first = result }
            }
        }
        let microseconds = (Double(elapsed.components.seconds) * 1e6 + Double(elapsed.components.attoseconds) / 1e12) / Double(iterations)
        print("\(strategy.rawValue): \(microseconds) µs per rank of 20 models (this build)")
        #expect(first?.ranked.count == 20)
    }
}
