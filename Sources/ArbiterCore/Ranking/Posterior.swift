/// One model's learned statistics on one task type, blended with its capability prior.
///
/// Every figure is (n·learned + k·prior)/(n + k) for n samples and prior strength k: the prior
/// counts as k executions, so it dominates at first and fades as data arrives.
struct Posterior {
    /// Executions seen.
    var count: Int
    var successes: Int
    var quality: Double
    /// Blended like the mean, from the sample variance and `RankingPolicy.priorQualityVariance`.
    var qualityVariance: Double
    var successRate: Double
    var priorSuccessRate: Double
    /// Its own sample count: only executions with value_delivered and a positive cost inform it.
    var valuePerDollar: Double
    /// n/(n + k).
    var confidence: Double
    /// The least-learned figure decides, so `.learned` means every factor of the score is.
    var source: ScoreSource
    var priorStrength: Double

    init(_ aggregate: PerformanceAggregate, prior: CapabilityPrior, priorValuePerDollar: Double, policy: RankingPolicy) {
        let k = policy.priorStrength > 0 ? policy.priorStrength : 0
        let n = Double(aggregate.count)
        let valueSamples = Double(aggregate.valuePerDollarCount)
        let priorSuccess = min(max(prior.successRate, 0), 1)

        count = aggregate.count
        successes = aggregate.successes
        priorStrength = k
        priorSuccessRate = priorSuccess
        quality = Self.blend(n * aggregate.qualityMean, n, prior: prior.quality, k)
        qualityVariance = Self.blend(n * aggregate.qualityVariance, n, prior: policy.priorQualityVariance, k)
        successRate = Self.blend(Double(aggregate.successes), n, prior: priorSuccess, k)
        valuePerDollar = Self.blend(aggregate.valuePerDollar.value, valueSamples, prior: priorValuePerDollar, k)
        confidence = n + k > 0 ? n / (n + k) : 0

        if aggregate.count == 0 {
            source = .prior
        } else if k / (n + k) < policy.learnedPriorWeight && k / (valueSamples + k) < policy.learnedPriorWeight {
            source = .learned
        } else {
            source = .blend
        }
    }

    /// A draw from Beta(k·p + successes, k·(1 − p) + failures), the success rate's posterior.
    func drawSuccessRate(_ random: inout SeededRandom) -> Double {
        let failures = Double(count - successes)
        return random.nextBeta(
            priorStrength * priorSuccessRate + Double(successes),
            priorStrength * (1 - priorSuccessRate) + failures
        )
    }

    /// A draw from Normal(quality, qualityVariance/(n + k)), the mean quality's posterior, clamped to 0...10.
    func drawQuality(_ random: inout SeededRandom) -> Double {
        let weight = Double(count) + priorStrength
        let variance = weight > 0 ? qualityVariance / weight : qualityVariance
        let draw = random.nextNormal(mean: quality, standardDeviation: variance.squareRoot())
        return draw.isNaN ? quality : min(max(draw, 0), 10)
    }

    /// (sum + k·prior)/(n + k), where sum is n times the learned figure; the prior alone when both weights are 0.
    private static func blend(_ sum: Double, _ n: Double, prior: Double, _ k: Double) -> Double {
        let weight = n + k
        return weight > 0 ? (sum + k * prior) / weight : prior
    }
}
