import ArbiterCore
import Testing

/// A model's executions on a domain's other task types inform its prior on each of them.
@Suite struct DomainPoolingTests {
    typealias F = RankingFixtures

    static let prior = CapabilityPrior(quality: 6, successRate: 0.6)
    static let capabilities = CapabilityMatrix(models: ["sonnet": ModelCapabilities(overall: prior)])
    static let p1 = F.task
    static let p3 = F.task(priority: "P3")

    /// `n` executions of sonnet on `task`, quality 9, successes every other one.
    static func add(_ n: Int, _ task: TaskDescriptor, to table: inout PerformanceTable, from index: Int = 0) {
        for i in 0..<n {
            table.apply(F.execution(model: "sonnet", task: task, success: i % 2 == 0, quality: 9, index: index + i))
        }
    }

    func ranked(_ task: TaskDescriptor, _ table: PerformanceTable, policy: RankingPolicy = RankingPolicy(poolDomains: true)) throws -> RankedModel {
        let result = try ModelRanker(policy: policy).rank(
            RankingRequest(task: task), catalog: [F.sonnet], capabilities: Self.capabilities, estimator: TaskEstimator(),
            performance: table.taskType(priority: task.priority, domain: task.domain, complexity: task.complexity, domainEvidence: true),
            usage: { _ in nil })
        return try #require(result.ranked.first)
    }

    @Test func otherTaskTypesOfTheDomainMoveThePrior() throws {
        var table = PerformanceTable()
        Self.add(10, Self.p3, to: &table)
        // P1 has no executions: the prior is (10 × learned + 5 × prior) / 15 over P3's ten.
        let r = try ranked(Self.p1, table)
        #expect(F.close(r.expectedQuality, (10 * 9 + 5 * 6) / 15))
        #expect(F.close(r.expectedSuccessRate, (5 + 5 * 0.6) / 15))
        #expect(r.source == .prior)
        #expect(r.confidence == 0)
    }

    @Test func aTaskTypesOwnExecutionsAreNotCountedTwice() throws {
        var table = PerformanceTable()
        Self.add(4, Self.p1, to: &table)
        // Only P1's own data: the pooled prior is the capability prior, as without pooling.
        let pooled = try ranked(Self.p1, table)
        let unpooled = try ranked(Self.p1, table, policy: RankingPolicy(poolDomains: false))
        #expect(F.close(pooled.expectedQuality, unpooled.expectedQuality))
        #expect(F.close(pooled.expectedQuality, (4 * 9 + 5 * 6) / 9))

        Self.add(10, Self.p3, to: &table, from: 100)
        let both = try ranked(Self.p1, table)
        let level1 = (10 * 9 + 5 * 6) / 15.0
        #expect(F.close(both.expectedQuality, (4 * 9 + 5 * level1) / 9))
        let successPrior = (5 + 5 * 0.6) / 15
        #expect(F.close(both.expectedSuccessRate, (2 + 5 * successPrior) / 9))
    }

    @Test func offByDefault() {
        #expect(RankingPolicy().poolDomains == false)
    }

    @Test func otherDomainsAndTheSwitchLeaveThePriorAlone() throws {
        var table = PerformanceTable()
        let frontend = TaskDescriptor(taskID: "T-2", priority: "P1", domain: "frontend", complexity: "medium")
        Self.add(10, frontend, to: &table)
        #expect(try ranked(Self.p1, table).expectedQuality == 6)
        Self.add(10, Self.p3, to: &table, from: 100)
        #expect(try ranked(Self.p1, table, policy: RankingPolicy(poolDomains: false)).expectedQuality == 6)
    }
}
