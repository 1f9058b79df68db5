/// One running test's verdict as `run_learning` reports it: what a person or a job needs to
/// decide on graduation, without the full analysis.
public struct AbTestVerdictSummary: Sendable, Hashable {
    public var testID: String
    public var name: String
    public var status: AbTest.Status
    public var verdict: AbTestAnalysis.Verdict
    /// For `winner` and `guardrailFailed`.
    public var winner: AbVariant?
    public var primaryMetric: AbTest.Metric
    public var stoppingRule: AbTest.StoppingRule
    /// The always-valid p; nil until both groups have min_samples.
    public var sequentialPValue: Double?
    /// Welch's p on the primary metric; nil while a group has fewer than two values.
    public var fixedHorizonPValue: Double?
    public var controlSamples: Int
    public var treatmentSamples: Int
    public var controlSamplesNeeded: Int
    public var treatmentSamplesNeeded: Int
    /// Sample ratio mismatch or misassigned executions: no verdict is given.
    public var verdictWithheld: Bool
    public var guardrailFailed: Bool
    /// Means of the primary metric from the Welch test; 0 while it is not computed.
    public var controlMean: Double
    public var treatmentMean: Double
    public var controlStrategy: String
    public var treatmentStrategy: String

    public init(
        testID: String, name: String, status: AbTest.Status, verdict: AbTestAnalysis.Verdict, winner: AbVariant?,
        primaryMetric: AbTest.Metric, stoppingRule: AbTest.StoppingRule, sequentialPValue: Double?, fixedHorizonPValue: Double?,
        controlSamples: Int, treatmentSamples: Int, controlSamplesNeeded: Int, treatmentSamplesNeeded: Int,
        verdictWithheld: Bool, guardrailFailed: Bool, controlMean: Double, treatmentMean: Double,
        controlStrategy: String, treatmentStrategy: String
    ) {
        self.testID = testID
        self.name = name
        self.status = status
        self.verdict = verdict
        self.winner = winner
        self.primaryMetric = primaryMetric
        self.stoppingRule = stoppingRule
        self.sequentialPValue = sequentialPValue
        self.fixedHorizonPValue = fixedHorizonPValue
        self.controlSamples = controlSamples
        self.treatmentSamples = treatmentSamples
        self.controlSamplesNeeded = controlSamplesNeeded
        self.treatmentSamplesNeeded = treatmentSamplesNeeded
        self.verdictWithheld = verdictWithheld
        self.guardrailFailed = guardrailFailed
        self.controlMean = controlMean
        self.treatmentMean = treatmentMean
        self.controlStrategy = controlStrategy
        self.treatmentStrategy = treatmentStrategy
    }

    public init(test: AbTest, analysis: AbTestAnalysis) {
        self.init(
            testID: test.testID, name: test.name, status: test.status, verdict: analysis.verdict, winner: analysis.winner,
            primaryMetric: analysis.primaryMetric, stoppingRule: analysis.stoppingRule,
            sequentialPValue: analysis.sequential?.alwaysValidPValue, fixedHorizonPValue: analysis.primary?.pValue,
            controlSamples: analysis.control.primarySamples, treatmentSamples: analysis.treatment.primarySamples,
            controlSamplesNeeded: analysis.controlSamplesNeeded, treatmentSamplesNeeded: analysis.treatmentSamplesNeeded,
            verdictWithheld: analysis.sampleRatioMismatch, guardrailFailed: analysis.verdict == .guardrailFailed,
            controlMean: analysis.primary?.control.mean ?? 0, treatmentMean: analysis.primary?.treatment.mean ?? 0,
            controlStrategy: test.control.name, treatmentStrategy: test.treatment.name)
    }
}
