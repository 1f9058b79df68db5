/// Welch's two-sample t-test (unequal variances) of treatment against control.
///
/// Matches SciPy's `ttest_ind(treatment, control, equal_var=False)`: t, the
/// Welch–Satterthwaite degrees of freedom and the two-sided p-value; the confidence
/// interval is the difference of means ± `t.ppf(1 − α/2, df)` standard errors.
///
/// Degenerate groups have documented results where SciPy gives NaN:
/// - fewer than two observations in a group: no test (`init` returns nil);
/// - both variances zero: equal means give t = 0, p = 1; different means give t = ±∞, p = 0;
///   the interval is the difference itself and df is n₁ + n₂ − 2.
public struct WelchTTest: Sendable, Hashable {
    public var control: SampleSummary
    public var treatment: SampleSummary
    /// mean(treatment) − mean(control).
    public var difference: Double
    public var standardError: Double
    public var t: Double
    public var degreesOfFreedom: Double
    /// Two-sided.
    public var pValue: Double
    /// The confidence level of the interval, 1 − α.
    public var confidenceLevel: Double
    public var confidenceLow: Double
    public var confidenceHigh: Double
    /// difference / |mean(control)|; nil when the control mean is 0.
    public var relativeLift: Double?

    /// - Parameter alpha: Two-sided significance level; the interval covers 1 − alpha.
    public init?(control: SampleSummary, treatment: SampleSummary, alpha: Double = 0.05) {
        guard control.count >= 2, treatment.count >= 2, alpha > 0, alpha < 1 else { return nil }
        self.control = control
        self.treatment = treatment
        confidenceLevel = 1 - alpha
        difference = treatment.mean - control.mean
        relativeLift = control.mean == 0 ? nil : difference / abs(control.mean)
        let vc = control.variance / Double(control.count)
        let vt = treatment.variance / Double(treatment.count)
        let v = vc + vt
        standardError = v.squareRoot()
        guard v > 0 else {
            t = difference == 0 ? 0 : (difference > 0 ? .infinity : -.infinity)
            pValue = difference == 0 ? 1 : 0
            degreesOfFreedom = Double(control.count + treatment.count - 2)
            confidenceLow = difference
            confidenceHigh = difference
            return
        }
        t = difference / standardError
        degreesOfFreedom = v * v / (vc * vc / Double(control.count - 1) + vt * vt / Double(treatment.count - 1))
        pValue = SpecialFunctions.studentTTwoSided(t, degreesOfFreedom: degreesOfFreedom)
        let quantile = SpecialFunctions.studentTQuantile(upperTail: alpha / 2, degreesOfFreedom: degreesOfFreedom)
        confidenceLow = difference - quantile * standardError
        confidenceHigh = difference + quantile * standardError
    }

    /// The figures as computed elsewhere (decoded from the wire).
    public init(
        control: SampleSummary, treatment: SampleSummary, difference: Double, standardError: Double, t: Double, degreesOfFreedom: Double,
        pValue: Double, confidenceLevel: Double, confidenceLow: Double, confidenceHigh: Double, relativeLift: Double?
    ) {
        self.control = control
        self.treatment = treatment
        self.difference = difference
        self.standardError = standardError
        self.t = t
        self.degreesOfFreedom = degreesOfFreedom
        self.pValue = pValue
        self.confidenceLevel = confidenceLevel
        self.confidenceLow = confidenceLow
        self.confidenceHigh = confidenceHigh
        self.relativeLift = relativeLift
    }

    public init?(control: [Double], treatment: [Double], alpha: Double = 0.05) {
        self.init(control: SampleSummary(control), treatment: SampleSummary(treatment), alpha: alpha)
    }
}
