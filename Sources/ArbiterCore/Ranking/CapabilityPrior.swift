/// What a model is expected to achieve before any execution has been seen.
public struct CapabilityPrior: Sendable, Hashable {
    /// Expected quality_score, 0 to 10.
    public var quality: Double
    /// Expected probability of success, 0 to 1.
    public var successRate: Double

    public init(quality: Double, successRate: Double) {
        self.quality = quality
        self.successRate = successRate
    }

    /// Throws `.invalidArgument` when a figure is outside its range.
    public func validate() throws(ArbiterError) {
        if !(quality.isFinite && (0...10).contains(quality)) {
            throw ArbiterError(.invalidArgument, "quality must be between 0 and 10; got \(quality)", field: "quality")
        }
        if !(successRate.isFinite && (0...1).contains(successRate)) {
            throw ArbiterError(.invalidArgument, "success_rate must be between 0 and 1; got \(successRate)", field: "success_rate")
        }
    }
}
