@testable import ArbiterCore
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct SeededRandomTests {
    /// Sample mean and variance of `n` draws.
    static func moments(_ n: Int, seed: UInt64 = 1, _ draw: (inout SeededRandom) -> Double) -> (mean: Double, variance: Double) {
        var random = SeededRandom(seed: seed)
        var mean = 0.0
        var m2 = 0.0
        for i in 1...n {
            let x = draw(&random)
            let delta = x - mean
            mean += delta / Double(i)
            m2 += delta * (x - mean)
        }
        return (mean, m2 / Double(n - 1))
    }

    /// Means within 5 standard errors, variances within 3%.
    static func expectMoments(_ m: (mean: Double, variance: Double), mean: Double, variance: Double, n: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let standardError = (variance / Double(n)).squareRoot()
        #expect(abs(m.mean - mean) < 5 * standardError, "mean \(m.mean), expected \(mean)", sourceLocation: sourceLocation)
        #expect(abs(m.variance / variance - 1) < 0.03, "variance \(m.variance), expected \(variance)", sourceLocation: sourceLocation)
    }

    static let n = 200_000

    @Test func theSameSeedGivesTheSameSequence() {
        var a = SeededRandom(seed: 99)
        var b = SeededRandom(seed: 99)
        var c = SeededRandom(seed: 100)
        let x = (0..<100).map { _ in a.next() }
        #expect(x == (0..<100).map { _ in b.next() })
        #expect(x != (0..<100).map { _ in c.next() })
        var zero = SeededRandom(seed: 0)
        #expect((0..<4).map { _ in zero.next() }.contains { $0 != 0 })
    }

    @Test func uniformDrawsStayInTheirIntervals() {
        var random = SeededRandom(seed: 3)
        for _ in 0..<10_000 {
            let u = random.nextUnit()
            let v = random.nextOpenUnit()
            #expect(u >= 0 && u < 1)
            #expect(v > 0 && v <= 1)
        }
        Self.expectMoments(Self.moments(Self.n) { $0.nextUnit() }, mean: 0.5, variance: 1.0 / 12, n: Self.n)
    }

    @Test func normalMatchesTheory() {
        Self.expectMoments(Self.moments(Self.n) { $0.nextNormal() }, mean: 0, variance: 1, n: Self.n)
        Self.expectMoments(Self.moments(Self.n) { $0.nextNormal(mean: 7, standardDeviation: 0.5) }, mean: 7, variance: 0.25, n: Self.n)
    }

    @Test(arguments: [0.3, 1.0, 2.5, 40.0])
    func gammaMatchesTheory(shape: Double) {
        Self.expectMoments(Self.moments(Self.n) { $0.nextGamma(shape: shape) }, mean: shape, variance: shape, n: Self.n)
    }

    @Test(arguments: [(2.0, 5.0), (0.5, 0.5), (0.3, 4.0), (30.0, 10.0)])
    func betaMatchesTheory(alpha: Double, beta: Double) {
        let sum = alpha + beta
        let m = Self.moments(Self.n) { $0.nextBeta(alpha, beta) }
        Self.expectMoments(m, mean: alpha / sum, variance: alpha * beta / (sum * sum * (sum + 1)), n: Self.n)
    }

    @Test func degenerateShapesGiveTheirLimits() {
        var random = SeededRandom(seed: 5)
        #expect(random.nextGamma(shape: 0) == 0)
        #expect(random.nextBeta(0, 3) == 0)
        #expect(random.nextBeta(3, 0) == 1)
        let tiny = random.nextBeta(1e-300, 1e-300)
        #expect(tiny >= 0 && tiny <= 1)
    }

    @Test func logAndExpMatchTheSystemLibrary() {
        var random = SeededRandom(seed: 11)
        var worstLog = 0.0
        var worstExp = 0.0
        for _ in 0..<100_000 {
            let x = Double(sign: .plus, exponent: Int.random(in: -1074...1023, using: &random), significand: 1 + random.nextUnit())
            worstLog = max(worstLog, abs(Elementary.log(x) - log(x)) / max(abs(log(x)), 1e-300))
            // Normal results only: subnormal ones have too few bits for a relative comparison.
            let y = (random.nextUnit() * 2 - 1) * 708
            worstExp = max(worstExp, abs(Elementary.exp(y) - exp(y)) / exp(y))
        }
        for x in [1.0, 0.5, 2, 1.4142135623730951, 0.7071067811865476, 1 + 1e-15, 1 - 1e-16] where x != 1 {
            worstLog = max(worstLog, abs(Elementary.log(x) - log(x)) / abs(log(x)))
        }
        print("largest relative error against libm: log \(worstLog), exp \(worstExp)")
        #expect(worstLog < 1e-15)
        #expect(worstExp < 1e-15)
        #expect(Elementary.log(1) == 0)
        #expect(Elementary.log(0) == -.infinity)
        #expect(Elementary.log(-1).isNaN)
        #expect(Elementary.log(.infinity) == .infinity)
        #expect(Elementary.exp(0) == 1)
        #expect(Elementary.exp(710) == .infinity)
        #expect(Elementary.exp(-746) == 0)
        #expect(Elementary.exp(709.78).isFinite)
        #expect(Elementary.exp(-740) > 0)
    }
}
