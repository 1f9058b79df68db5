/// Count, mean and sample variance of a group of observations.
///
/// Two passes: the mean by compensated summation, then the squared deviations from it, as
/// NumPy's `var(ddof=1)` does; a one-pass formula loses every digit for large values with
/// a small spread.
public struct SampleSummary: Sendable, Hashable {
    public var count: Int
    public var mean: Double
    /// Sample variance (divisor n − 1); 0 with fewer than two observations.
    public var variance: Double

    public init(count: Int, mean: Double, variance: Double) {
        self.count = count
        self.mean = mean
        self.variance = variance
    }

    public init(_ values: [Double]) {
        count = values.count
        guard !values.isEmpty else {
            mean = 0
            variance = 0
            return
        }
        var sum = CompensatedSum()
        for value in values { sum.add(value) }
        let mean = sum.value / Double(values.count)
        self.mean = mean
        guard values.count > 1 else {
            variance = 0
            return
        }
        var squares = CompensatedSum()
        var deviations = CompensatedSum()
        for value in values {
            let deviation = value - mean
            squares.add(deviation * deviation)
            deviations.add(deviation)
        }
        // The corrected two-pass formula: subtracts what the rounding of the mean left over.
        let n = Double(values.count)
        let correction = deviations.value * deviations.value / n
        variance = max(0, (squares.value - correction) / (n - 1))
    }

    public var standardDeviation: Double { variance.squareRoot() }
}
