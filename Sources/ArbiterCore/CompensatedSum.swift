/// A sum of doubles with Neumaier compensation.
///
/// Rollups add up cells in a different order than a direct pass over the executions would;
/// compensation keeps both answers within a few ulps of the exact sum whatever the order.
public struct CompensatedSum: Sendable, Hashable {
    /// The naive running sum.
    public private(set) var sum: Double = 0
    /// The low-order bits `sum` has lost so far.
    public private(set) var compensation: Double = 0

    public init() {}

    /// The best estimate of the exact sum.
    public var value: Double {
        // Once the sum overflows, the compensation is NaN (∞ - ∞) and must not spoil it.
        sum.isFinite ? sum + compensation : sum
    }

    public mutating func add(_ x: Double) {
        let total = sum + x
        if abs(sum) >= abs(x) {
            compensation += (sum - total) + x
        } else {
            compensation += (x - total) + sum
        }
        sum = total
    }

    public mutating func merge(_ other: CompensatedSum) {
        add(other.sum)
        compensation += other.compensation
    }
}
