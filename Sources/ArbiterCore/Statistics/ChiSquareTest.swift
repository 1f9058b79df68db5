/// Pearson's chi-square goodness-of-fit test of observed counts against expected shares.
///
/// Matches SciPy's `chisquare(observed, expected)` with the expected counts scaled to the
/// observed total; degrees of freedom are the number of categories − 1.
public struct ChiSquareTest: Sendable, Hashable {
    public var observed: [Int]
    public var expected: [Double]
    public var statistic: Double
    public var degreesOfFreedom: Int
    public var pValue: Double

    /// The figures as computed elsewhere (decoded from the wire).
    public init(observed: [Int], expected: [Double], statistic: Double, degreesOfFreedom: Int, pValue: Double) {
        self.observed = observed
        self.expected = expected
        self.statistic = statistic
        self.degreesOfFreedom = degreesOfFreedom
        self.pValue = pValue
    }

    /// Nil with fewer than two categories, no observations, or a share that is not positive.
    public init?(observed: [Int], expectedShares: [Double]) {
        guard observed.count >= 2, observed.count == expectedShares.count,
              expectedShares.allSatisfy({ $0 > 0 && $0.isFinite }) else { return nil }
        let total = observed.reduce(0, +)
        guard total > 0 else { return nil }
        let shareSum = expectedShares.reduce(0, +)
        self.observed = observed
        expected = expectedShares.map { Double(total) * $0 / shareSum }
        var statistic = CompensatedSum()
        for (count, expectation) in zip(observed, expected) {
            let deviation = Double(count) - expectation
            statistic.add(deviation * deviation / expectation)
        }
        self.statistic = statistic.value
        degreesOfFreedom = observed.count - 1
        pValue = SpecialFunctions.chiSquareUpperTail(self.statistic, degreesOfFreedom: Double(degreesOfFreedom))
    }
}
