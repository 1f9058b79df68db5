public import ArbiterCore

/// `ab_statistics`: the statistics of `analyze_ab_test` on the caller's data.
public struct AbStatisticsQuery: Sendable, Hashable {
    public var control: [Double]
    public var treatment: [Double]
    /// 0 means 0.05.
    public var alpha: Double
    /// Chi-square goodness of fit; empty for none.
    public var observed: [Int]
    public var expectedShares: [Double]

    public init(control: [Double] = [], treatment: [Double] = [], alpha: Double = 0, observed: [Int] = [], expectedShares: [Double] = []) {
        self.control = control
        self.treatment = treatment
        self.alpha = alpha
        self.observed = observed
        self.expectedShares = expectedShares
    }
}

/// The answer to `ab_statistics`; each part nil when its input does not allow the test.
public struct AbStatisticsResult: Sendable, Hashable {
    public var welch: WelchTTest?
    public var chiSquare: ChiSquareTest?
    public var sequential: SequentialTest.Summary?

    public init(welch: WelchTTest?, chiSquare: ChiSquareTest?, sequential: SequentialTest.Summary?) {
        self.welch = welch
        self.chiSquare = chiSquare
        self.sequential = sequential
    }
}

/// The answer to `assign_variant`.
public struct AbVariantAssignment: Sendable, Hashable {
    /// Empty when no running test matches.
    public var testID: String
    /// control, treatment or production.
    public var variant: String
    /// The name of the strategy applied; empty for none.
    public var strategy: String

    public init(testID: String, variant: String, strategy: String) {
        self.testID = testID
        self.variant = variant
        self.strategy = strategy
    }
}
