import ArbiterCore
import Testing

/// A strategy's forced model preference (`ModelRanker.preferredModel`), used by A/B test variants.
@Suite struct PreferredModelTests {
    typealias F = RankingFixtures

    func rank(preferred: String, candidates: [String] = [], ledger: SubscriptionLedger = SubscriptionLedger()) throws -> RankingResult {
        try ModelRanker(preferredModel: preferred).rank(
            RankingRequest(task: F.task, candidates: candidates),
            catalog: SubscriptionTests.catalog, capabilities: CapabilityMatrix(), estimator: TaskEstimator(),
            learned: { _ in nil }, usage: { ledger.usage(model: $0, nowMs: SubscriptionTests.periodStart + 10_000) })
    }

    @Test func thePreferredModelGoesFirstEvenBeforeASubscription() throws {
        let plain = try rank(preferred: "")
        #expect(plain.ranked.map(\.model) == ["max", "deepseek", "sonnet"])
        let result = try rank(preferred: "sonnet")
        #expect(result.ranked.map(\.model) == ["sonnet", "max", "deepseek"])
        #expect(result.ranked[0].assignmentReason == .strategyPreference)
        #expect(result.ranked[1].assignmentReason == .subscriptionQuota)
        // Its figures are its own; only the order changes.
        #expect(result.ranked[0].score == plain.ranked[2].score)
    }

    @Test func aPreferredModelThatCannotBeUsedChangesNothing() throws {
        let plain = try rank(preferred: "")
        #expect(try rank(preferred: "no-such-model").ranked == plain.ranked)
        // Not among the candidates.
        #expect(try rank(preferred: "sonnet", candidates: ["deepseek", "max"]).ranked.map(\.model) == ["max", "deepseek"])
        // A subscription out of quota is excluded, preferred or not.
        let spent = try rank(preferred: "max", ledger: SubscriptionTests.ledger(tasks: 3))
        #expect(spent.ranked.map(\.model) == ["deepseek", "sonnet"])
        #expect(spent.excluded.map(\.model) == ["max"])
    }
}
