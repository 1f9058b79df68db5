import ArbiterCore
import Testing

/// Peeking: an A/B test with no true difference, checked after every sample as the seed's daily job would.
@Suite struct SequentialTestSimulationTests {
    static let alpha = 0.05
    static let replications = 2000
    static let samplesPerGroup = 400
    static let burnIn = 10

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
