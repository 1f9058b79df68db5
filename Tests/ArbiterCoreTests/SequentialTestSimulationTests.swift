import ArbiterCore
import Testing

/// Peeking: an A/B test with no true difference, checked after every sample as the seed's daily job would.
@Suite struct SequentialTestSimulationTests {
    static let alpha = 0.05
    static let replications = 2000
    static let samplesPerGroup = 400
    static let burnIn = SequentialTest.minimumBurnIn

    /// The fraction of replications in which each rule ever declared a difference.
    static func falsePositiveRates() -> (sequential: Double, naive: Double) {
        var random = SeededRandom(seed: 20_261_125)
        var sequentialHits = 0
        var naiveHits = 0
        for _ in 0..<replications {
            var sequential = SequentialTest(alpha: alpha, burnIn: burnIn)
            var naiveRejected = false
            for _ in 0..<samplesPerGroup {
                for isTreatment in [false, true] {
                    sequential.add(random.nextNormal(mean: 5, standardDeviation: 2), treatment: isTreatment)
                    guard !naiveRejected, sequential.control.count >= burnIn, sequential.treatment.count >= burnIn else { continue }
                    let control = SampleSummary(count: sequential.control.count, mean: sequential.control.mean, variance: sequential.control.variance)
                    let treatment = SampleSummary(count: sequential.treatment.count, mean: sequential.treatment.mean, variance: sequential.treatment.variance)
                    // |t| ≤ 1.9 cannot give p < 0.05 at any df; skip the p-value then.
                    let se = (control.variance / Double(control.count) + treatment.variance / Double(treatment.count)).squareRoot()
                    guard abs(treatment.mean - control.mean) > 1.9 * se else { continue }
                    if let test = WelchTTest(control: control, treatment: treatment, alpha: alpha), test.pValue < alpha {
                        naiveRejected = true
                    }
                }
            }
            if sequential.isSignificant { sequentialHits += 1 }
            if naiveRejected { naiveHits += 1 }
        }
        return (Double(sequentialHits) / Double(replications), Double(naiveHits) / Double(replications))
    }

    @Test func sequentialRuleHoldsAlphaWhereRepeatedTTestsDoNot() {
        let rates = Self.falsePositiveRates()
        print("""
            A/A simulation, \(Self.replications) replications, checked after every sample from \(Self.burnIn) to \(Self.samplesPerGroup) per group, alpha \(Self.alpha): \
            false-positive rate sequential (mSPRT) \(rates.sequential), naive repeated Welch t-test \(rates.naive)
            """)
        #expect(rates.sequential <= Self.alpha)
        #expect(rates.naive > Self.alpha)
    }

    /// min_samples may be as low as 2, and the analysis starts looking there. An A/A test on
    /// success_rate (0/1 outcomes, both groups succeeding half the time), analysed once at the end,
    /// which replays every look: the sequential rule must name a winner at most alpha of the time.
    @Test func sequentialRuleHoldsAlphaAtTheSmallestMinSamples() {
        let test = AbTest(
            testID: "aa", control: AbTestTests.multipliers.control, treatment: AbTestTests.multipliers.treatment, minSamples: 2,
            primaryMetric: .successRate)
        var random = SeededRandom(seed: 2)
        var winners = 0
        for _ in 0..<Self.replications {
            var observations: [AbObservation] = []
            for _ in 0..<Self.samplesPerGroup {
                for variant in [AbVariant.control, .treatment] {
                    observations.append(AbObservation(
                        variant: variant, success: random.nextUnit() < 0.5, qualityScore: 7, cost: 1, valueDelivered: nil,
                        executionTimeSeconds: 1))
                }
            }
            if AbTestAnalysis(test: test, observations: observations).winner != nil { winners += 1 }
        }
        let rate = Double(winners) / Double(Self.replications)
        print("A/A on success_rate, min_samples 2, \(Self.replications) replications of \(Self.samplesPerGroup) per group: winner named in \(rate)")
        #expect(rate <= Self.alpha)
    }

    @Test func sequentialRuleFindsARealDifference() {
        var random = SeededRandom(seed: 7)
        var found = 0
        for _ in 0..<200 {
            var sequential = SequentialTest(alpha: Self.alpha, burnIn: Self.burnIn)
            for _ in 0..<Self.samplesPerGroup {
                sequential.add(random.nextNormal(mean: 5, standardDeviation: 2), treatment: false)
                sequential.add(random.nextNormal(mean: 5.6, standardDeviation: 2), treatment: true)
            }
            if sequential.isSignificant && sequential.decidedDirection == 1 { found += 1 }
        }
        // A difference of 0.3 standard deviations over 400 per group: the fixed-horizon test has power ≈ 0.98.
        #expect(found >= 150)
    }
}
