import ArbiterCore
import Testing

/// A/B tests in the pure domain: special functions at known values, assignment, the registry, verdicts.
/// (The Python suite checks the statistics against SciPy through the real server.)
@Suite struct AbTestTests {
    static let multipliers = (
        control: AbStrategy(name: "original", complexityMultipliers: ["simple": 0.5, "medium": 1.0]),
        treatment: AbStrategy(name: "learned", complexityMultipliers: ["simple": 0.6, "medium": 1.1])
    )

    static func test(_ id: String, ratio: Double = 0.5, startMs: Int64 = 0, criteria: AbTestCriteria = AbTestCriteria(), minSamples: Int = 10) -> AbTest {
        AbTest(testID: id, control: multipliers.control, treatment: multipliers.treatment, assignmentRatio: ratio, criteria: criteria,
               startMs: startMs, minSamples: minSamples)
    }

    func close(_ a: Double, _ b: Double, _ relative: Double = 1e-12) -> Bool {
        abs(a - b) <= relative * max(abs(a), abs(b))
    }

    @Test func specialFunctionsAtTabulatedValues() {
        #expect(close(SpecialFunctions.logGamma(0.5), 0.57236494292470008707))  // ln √π
        #expect(close(SpecialFunctions.logGamma(10), 12.801827480081469611))  // ln 9!
        #expect(abs(SpecialFunctions.logGamma(1)) < 1e-13)  // ln 0!, from ln 14! less ln 14!
        // The 97.5% point of t with 10 degrees of freedom, and of chi-square with 1 (as SciPy gives them).
        #expect(close(SpecialFunctions.studentTQuantile(upperTail: 0.025, degreesOfFreedom: 10), 2.228138851986274, 1e-13))
        #expect(close(SpecialFunctions.studentTTwoSided(2.228138851986274, degreesOfFreedom: 10), 0.05, 1e-13))
        #expect(close(SpecialFunctions.chiSquareUpperTail(3.8414588206941285, degreesOfFreedom: 1), 0.05, 1e-13))
        // t with 1 degree of freedom is Cauchy: P(|T| ≥ 1) = 1/2.
        #expect(close(SpecialFunctions.studentTTwoSided(1, degreesOfFreedom: 1), 0.5, 1e-13))
        #expect(SpecialFunctions.studentTTwoSided(0, degreesOfFreedom: 5) == 1)
    }

    /// Welch's degrees of freedom reach millions with a million executions per group. There
    /// ln Γ(ν/2 + ½) and ln Γ(ν/2) are near 10⁷ with an ulp of 10⁻⁹, and their difference, the
    /// p-value's logarithm up to a constant, must not inherit that error. (SciPy: 2·t.sf(t, ν).)
    @Test(arguments: [
        (1e6, 1.0, 0.3173107498335783), (1e6, 2.0, 0.04550053385131924), (1e6, 3.0, 0.0026998625414218),
        (1e6, 5.0, 5.733997870890745e-07), (1e6, 10.0, 1.527861076817818e-23),
        (2e6, 1.0, 0.3173106288482613), (2e6, 2.0, 0.04550039887380676), (2e6, 3.0, 0.0026998293022321342),
        (2e6, 5.0, 5.733514637831457e-07), (2e6, 10.0, 1.525914665458261e-23),
        (4e6, 1.0, 0.31731056835559146), (4e6, 2.0, 0.045500331385074595), (4e6, 3.0, 0.00269981268271895),
        (4e6, 5.0, 5.733273033606308e-07), (4e6, 10.0, 1.5249423414710974e-23),
    ])
    func studentTPValueAtMillionsOfDegreesOfFreedom(_ nu: Double, _ t: Double, _ scipy: Double) {
        #expect(close(SpecialFunctions.studentTTwoSided(t, degreesOfFreedom: nu), scipy, 5e-10))
    }

    @Test func assignmentIsDeterministicAndSplitsAtTheRatio() {
        let test = Self.test("split", ratio: 0.25)
        var control = 0
        for i in 0..<100_000 where test.variant(forTask: "task-\(i)") == .control { control += 1 }
        #expect(abs(Double(control) / 100_000 - 0.25) <= 0.0025)
        // A function of the test id and task id alone: a separately made test with the same id agrees.
        let again = Self.test("split", ratio: 0.25)
        #expect((0..<1000).allSatisfy { test.variant(forTask: "t\($0)") == again.variant(forTask: "t\($0)") })
        // Another test splits the same tasks independently.
        let other = Self.test("other", ratio: 0.25)
        let differ = (0..<1000).filter { test.variant(forTask: "t\($0)") != other.variant(forTask: "t\($0)") }.count
        #expect(differ > 250)
    }

    @Test func registryPicksTheEarliestRunningTestThenGraduatedThenProduction() {
        let task = TaskDescriptor(taskID: "x", priority: "P2", domain: "infrastructure", complexity: "medium")
        var registry = AbTestRegistry([
            Self.test("late", startMs: 200, criteria: AbTestCriteria(priorities: ["P2"])),
            Self.test("early", startMs: 100, criteria: AbTestCriteria(domains: ["infrastructure"])),
            Self.test("elsewhere", startMs: 50, criteria: AbTestCriteria(priorities: ["P0"])),
        ])
        #expect(registry.assignment(for: task, nowMs: 1000, candidates: { [] }).testID == "early")
        #expect(registry.assignment(for: task, nowMs: 150, candidates: { [] }).testID == "early")
        var early = registry.test(id: "early")!
        early.status = .stopped
        registry.upsert(early)
        #expect(registry.assignment(for: task, nowMs: 1000, candidates: { [] }).testID == "late")
        var late = registry.test(id: "late")!
        late.status = .graduated
        late.graduatedVariant = .treatment
        late.stoppedMs = 500
        registry.upsert(late)
        let production = registry.assignment(for: task, nowMs: 1000, candidates: { [] })
        #expect(production.testID.isEmpty && production.variant == "production" && production.strategy == Self.multipliers.treatment)
        let unrelated = registry.assignment(for: TaskDescriptor(taskID: "y", priority: "P1", domain: "web", complexity: "medium"), nowMs: 1000, candidates: { [] })
        #expect(unrelated == .production)
    }

    @Test func strategyAppliesToTheCatalog() {
        var strategy = Self.multipliers.treatment
        strategy.subscriptionThreshold = 50
        strategy.rankingStrategy = .thompson
        let applied = strategy.applied(to: ModelCatalog())
        #expect(applied.estimation.complexityMultiplier("simple") == 0.6)
        #expect(applied.estimation.complexityMultiplier("complex") == 1.5)  // not overridden
        #expect(applied.policy.subscriptionThreshold == 50)
        #expect(applied.policy.defaultStrategy == .thompson)
    }

    @Test func aStrategysTradeOffReplacesTheCatalogs() {
        var catalog = ModelCatalog()
        catalog.policy.qualityTolerance = 1
        let priced = AbStrategy(name: "priced", qualityPrice: 0.01)
        #expect(!priced.overridesNothing)
        let applied = priced.applied(to: catalog)
        #expect(applied.policy.qualityPrice == 0.01 && applied.policy.qualityTolerance == nil)
        // A strategy without a knob leaves the catalog's.
        #expect(Self.multipliers.treatment.applied(to: catalog).policy.qualityTolerance == 1)
    }

    @Test(arguments: [
        (AbStrategy(name: "s", qualityTolerance: 11), "quality_tolerance"),
        (AbStrategy(name: "s", qualityPrice: -1), "quality_price"),
        (AbStrategy(name: "s", qualityTolerance: 1, qualityPrice: 0.01), "quality_price"),
    ])
    func badTradeOffsAreRefusedNamingTheField(_ strategy: AbStrategy, _ field: String) {
        let error = #expect(throws: ArbiterError.self) { try strategy.validate() }
        #expect(error?.field == field)
    }

    static func observations(_ variant: AbVariant, _ count: Int, vpd: Double, quality: Double, seed: UInt64) -> [AbObservation] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in
            AbObservation(variant: variant, success: true, qualityScore: random.nextNormal(mean: quality, standardDeviation: 0.5),
                          cost: 1, valueDelivered: random.nextNormal(mean: vpd, standardDeviation: 5), executionTimeSeconds: 1)
        }
    }

    @Test func verdicts() {
        let test = Self.test("v", minSamples: 20)
        let few = AbTestAnalysis(test: test, observations: Self.observations(.control, 15, vpd: 50, quality: 7, seed: 1)
            + Self.observations(.treatment, 5, vpd: 50, quality: 7, seed: 2))
        #expect(few.verdict == .insufficientData && few.controlSamplesNeeded == 5 && few.treatmentSamplesNeeded == 15)

        let better = AbTestAnalysis(test: test, observations: zip(Self.observations(.control, 100, vpd: 50, quality: 7, seed: 3),
            Self.observations(.treatment, 100, vpd: 60, quality: 7, seed: 4)).flatMap { [$0, $1] })
        #expect(better.verdict == .winner && better.winner == .treatment)

        let worse = AbTestAnalysis(test: test, observations: zip(Self.observations(.control, 100, vpd: 50, quality: 8, seed: 5),
            Self.observations(.treatment, 100, vpd: 60, quality: 6, seed: 6)).flatMap { [$0, $1] })
        #expect(worse.verdict == .guardrailFailed && worse.winner == .treatment)

        let skewed = AbTestAnalysis(test: test, observations: Self.observations(.control, 300, vpd: 50, quality: 7, seed: 7)
            + Self.observations(.treatment, 100, vpd: 70, quality: 7, seed: 8))
        #expect(skewed.verdict == .sampleRatioMismatch && skewed.winner == nil)
    }

    @Test func validationNamesTheField() {
        var test = Self.test("x")
        test.assignmentRatio = 1
        #expect(throws: ArbiterError.self) { try test.validate() }
        do {
            try test.validate()
        } catch {
            #expect(error.field == "assignment_ratio")
        }
        test = Self.test("x")
        test.treatment = test.control
        do {
            try test.validate()
            Issue.record("identical strategies accepted")
        } catch {
            #expect(error.field == "treatment")
        }
    }
}
