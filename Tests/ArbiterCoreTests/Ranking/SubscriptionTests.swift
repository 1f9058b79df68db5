import ArbiterCore
import Testing

@Suite struct SubscriptionTests {
    typealias F = RankingFixtures

    static let hour: Int64 = 3_600_000
    /// 1_700_002_800_000 is the start of an hour since the epoch.
    static let periodStart: Int64 = 1_700_002_800_000

    /// Premium quality at a flat $100 for 3 tasks an hour, though its list price is opus's.
    static let max = ModelDescriptor(
        name: "max", tier: .premium, inputPricePerMillion: 15, outputPricePerMillion: 75,
        subscription: Subscription(quotaTasks: 3, periodSeconds: 3600, fee: 100)
    )
    static let catalog = [max, F.sonnet, F.deepseek]

    static func ledger(tasks: Int, at timestampMs: Int64 = periodStart + 1000) -> SubscriptionLedger {
        var ledger = SubscriptionLedger()
        for i in 0..<tasks {
            ledger.record(F.execution(model: "max", timestampMs: timestampMs + Int64(i), index: i), model: max)
        }
        return ledger
    }

    func rank(_ priority: String, ledger: SubscriptionLedger = SubscriptionLedger(), nowMs: Int64 = periodStart + 10_000, policy: RankingPolicy = RankingPolicy()) throws -> RankingResult {
        try F.rank(RankingRequest(task: F.task(priority: priority)), catalog: Self.catalog, ledger: ledger, nowMs: nowMs, policy: policy)
    }

    @Test func aSubscriptionWithQuotaLeftGoesFirstForValuableTasks() throws {
        let result = try rank("P1")  // value 75 ≥ 70
        #expect(result.ranked.map(\.model) == ["max", "deepseek", "sonnet"])
        #expect(result.ranked[0].assignmentReason == .subscriptionQuota)
        #expect(F.close(result.ranked[0].estimatedCost, 100.0 / 3))
        // Its score is unchanged, and lower than deepseek's.
        #expect(result.ranked[0].score < result.ranked[1].score)
    }

    @Test func belowTheThresholdItCompetesOnScore() throws {
        let result = try rank("P2")  // value 50
        #expect(result.ranked.map(\.model) == ["deepseek", "sonnet", "max"])
        #expect(result.ranked.allSatisfy { $0.assignmentReason == .coldStart })
        let lowered = try rank("P2", policy: RankingPolicy(subscriptionThreshold: 50))
        #expect(lowered.ranked[0].model == "max")
        #expect(lowered.ranked[0].assignmentReason == .subscriptionQuota)
    }

    @Test func aSpentQuotaExcludesTheModelUntilTheNextPeriod() throws {
        let ledger = Self.ledger(tasks: 3)
        let spent = try rank("P0", ledger: ledger)
        #expect(spent.ranked.map(\.model) == ["deepseek", "sonnet"])
        #expect(spent.excluded == [ExcludedCandidate(model: "max", reason: .quotaExhausted)])
        #expect(spent.excluded[0].message.contains("quota"))

        let nextPeriod = try rank("P0", ledger: ledger, nowMs: Self.periodStart + Self.hour)
        #expect(nextPeriod.ranked[0].model == "max")
        #expect(nextPeriod.excluded.isEmpty)
        let usage = try #require(ledger.usage(model: Self.max, nowMs: Self.periodStart + Self.hour))
        #expect(usage.tasksUsed == 0)
        #expect(usage.periodStartMs == Self.periodStart + Self.hour)
    }

    @Test func usageCountsTheCurrentPeriod() throws {
        let ledger = Self.ledger(tasks: 2)
        let usage = try #require(ledger.usage(model: Self.max, nowMs: Self.periodStart + Self.hour - 1))
        #expect(usage.model == "max")
        #expect(usage.periodStartMs == Self.periodStart)
        #expect(usage.periodEndMs == Self.periodStart + Self.hour)
        #expect(usage.periodIndex == Self.periodStart / Self.hour)
        #expect(usage.tasksUsed == 2)
        #expect(usage.tokensUsed == 12_000)
        #expect(usage.quotaTasks == 3)
        #expect(usage.quotaTokens == nil)
        #expect(usage.utilisation == 2.0 / 3)
        #expect(usage.hasQuotaLeft)
        #expect(usage.overflowTasks == 0)
        #expect(ledger.usage(model: F.sonnet, nowMs: Self.periodStart) == nil)
    }

    @Test func overflowCountsTheExecutionsPastTheQuotaAtListPrice() throws {
        let tasks = try #require(Self.ledger(tasks: 5).usage(model: Self.max, nowMs: Self.periodStart))
        #expect(tasks.tasksUsed == 5)
        #expect(tasks.overflowTasks == 2)
        #expect(F.close(tasks.overflowAPICost, 2 * 0.21))
        #expect(tasks.utilisation == 5.0 / 3)
        #expect(!tasks.hasQuotaLeft)

        let tokenPlan = ModelDescriptor(
            name: "tokens", tier: .mid, inputPricePerMillion: 3, outputPricePerMillion: 15,
            subscription: Subscription(quotaTokens: 10_000, periodSeconds: 3600, fee: 20)
        )
        var ledger = SubscriptionLedger()
        for (i, tokens) in [(3000, 1000), (3000, 1000), (3000, 1000), (500, 500)].enumerated() {
            let input = Int64(tokens.0)
            let output = Int64(tokens.1)
            ledger.record(F.execution(model: "tokens", tokens: (input, output), timestampMs: Self.periodStart, index: i), model: tokenPlan)
        }
        let usage = try #require(ledger.usage(model: tokenPlan, nowMs: Self.periodStart))
        #expect(usage.tokensUsed == 13_000)
        #expect(usage.overflowTasks == 2)  // the one that crossed 10,000 and the one after it
        let listPrice: Double = tokenPlan.apiCost(inputTokens: 3000, outputTokens: 1000) + tokenPlan.apiCost(inputTokens: 500, outputTokens: 500)
        #expect(F.close(usage.overflowAPICost, listPrice))
        #expect(F.close(listPrice, 0.033))
        #expect(usage.utilisation == 1.3)
    }

    @Test func subscriptionModelsAreFoundByTheirExactName() {
        // "é" precomposed and decomposed are equal Strings but different models.
        let composed = ModelDescriptor(
            name: "caf\u{E9}", tier: .mid, inputPricePerMillion: 1, outputPricePerMillion: 1,
            subscription: Subscription(quotaTasks: 5, periodSeconds: 3600, fee: 10))
        let decomposed = ModelDescriptor(name: "cafe\u{301}", tier: .mid, inputPricePerMillion: 1, outputPricePerMillion: 1)
        let models = SubscriptionModels(ModelCatalog(models: [Self.max, F.sonnet, decomposed, composed]))
        #expect(models.model(named: "max") == Self.max)
        #expect(models.model(named: "caf\u{E9}") == composed)
        #expect(models.model(named: "cafe\u{301}") == nil)  // no subscription
        #expect(models.model(named: F.sonnet.name) == nil)
        #expect(models.model(named: "unknown") == nil)
        #expect(SubscriptionModels(ModelCatalog(models: [F.sonnet])).isEmpty)
    }

    @Test func periodsAreAlignedToTheEpoch() {
        #expect(SubscriptionLedger.periodIndex(timestampMs: 0, periodMs: 1000) == 0)
        #expect(SubscriptionLedger.periodIndex(timestampMs: 999, periodMs: 1000) == 0)
        #expect(SubscriptionLedger.periodIndex(timestampMs: 1000, periodMs: 1000) == 1)
        #expect(SubscriptionLedger.periodIndex(timestampMs: -1, periodMs: 1000) == -1)
        #expect(SubscriptionLedger.periodIndex(timestampMs: -1000, periodMs: 1000) == -1)
        #expect(SubscriptionLedger.periodIndex(timestampMs: -1001, periodMs: 1000) == -2)
        #expect(SubscriptionLedger.periodIndex(timestampMs: .min, periodMs: 1000) < 0)
    }

    @Test func historyListsEveryPeriodWithUsage() {
        var ledger = Self.ledger(tasks: 1)
        ledger.record(F.execution(model: "max", timestampMs: Self.periodStart + 5 * Self.hour), model: Self.max)
        ledger.record(F.execution(model: "max", timestampMs: Self.periodStart - Self.hour), model: Self.max)
        ledger.record(F.execution(model: "sonnet", timestampMs: Self.periodStart), model: F.sonnet)  // no subscription: ignored
        let history = ledger.history(model: Self.max)
        #expect(history.map(\.periodStartMs) == [Self.periodStart - Self.hour, Self.periodStart, Self.periodStart + 5 * Self.hour])
        #expect(history.map(\.tasksUsed) == [1, 1, 1])
        #expect(ledger.history(model: F.sonnet).isEmpty)
    }

    @Test func subscriptionsAreValidated() {
        #expect(throws: ArbiterError(.invalidArgument, "period_seconds must be positive; got 0", field: "subscription.period_seconds")) {
            var model = Self.max
            model.subscription?.periodSeconds = 0
            try model.validate()
        }
        #expect(throws: ArbiterError.self) { try Subscription(periodSeconds: 60, fee: 1).validate() }
        #expect((try? Self.max.validate()) != nil)
    }
}
