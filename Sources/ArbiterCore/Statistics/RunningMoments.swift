/// Count, mean and sample variance kept up to date one observation at a time (Welford).
public struct RunningMoments: Sendable, Hashable {
    public private(set) var count = 0
    public private(set) var mean = 0.0
    private var squaredDeviations = 0.0

    public init() {}

    public mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        squaredDeviations += delta * (x - mean)
    }

    /// Sample variance (divisor n − 1); 0 with fewer than two observations.
    public var variance: Double { count > 1 ? max(0, squaredDeviations / Double(count - 1)) : 0 }
}
