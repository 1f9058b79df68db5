/// One execution recorded in an A/B test, as the analysis reads it.
public struct AbObservation: Sendable, Hashable {
    /// Empty when unknown; then the assignment is not checked.
    public var taskID: String
    public var variant: AbVariant
    public var success: Bool
    public var qualityScore: Double
    public var cost: Double
    public var valueDelivered: Double?
    public var executionTimeSeconds: Double

    public init(
        taskID: String = "", variant: AbVariant, success: Bool, qualityScore: Double, cost: Double, valueDelivered: Double?,
        executionTimeSeconds: Double
    ) {
        self.taskID = taskID
        self.variant = variant
        self.success = success
        self.qualityScore = qualityScore
        self.cost = cost
        self.valueDelivered = valueDelivered
        self.executionTimeSeconds = executionTimeSeconds
    }

    public init(_ execution: TaskExecution, variant: AbVariant) {
        self.init(
            taskID: execution.taskID, variant: variant, success: execution.success, qualityScore: execution.qualityScore, cost: execution.actualCost,
            valueDelivered: execution.valueDelivered, executionTimeSeconds: execution.executionTimeSeconds)
    }

    /// The metric's value for this execution; nil when it has none (value per dollar without a
    /// value or with no cost, value delivered without a value).
    public func value(of metric: AbTest.Metric) -> Double? {
        switch metric {
        case .valuePerDollar:
            guard let value = valueDelivered, cost > 0 else { return nil }
            return value / cost
        case .qualityScore: return qualityScore
        case .successRate: return success ? 1 : 0
        case .valueDelivered: return valueDelivered
        }
    }
}

/// The seed's metrics of one group.
public struct AbGroupMetrics: Sendable, Hashable {
    // Mutable and default-initialised so the codec can fill them in field by field.
    public var totalTasks = 0
    public var avgQualityScore = 0.0
    public var successRate = 0.0
    public var avgCost = 0.0
    public var avgValueDelivered = 0.0
    public var valuePerDollar = 0.0
    public var avgExecutionTime = 0.0
    /// Observations of the primary metric.
    public var primarySamples = 0

    public init() {}

    init(_ observations: [AbObservation], primary: AbTest.Metric) {
        totalTasks = observations.count
        guard !observations.isEmpty else { return }
        func mean(_ values: [Double]) -> Double { values.isEmpty ? 0 : SampleSummary(values).mean }
        avgQualityScore = mean(observations.map(\.qualityScore))
        successRate = mean(observations.map { $0.success ? 1 : 0 })
        avgCost = mean(observations.map(\.cost))
        avgValueDelivered = mean(observations.compactMap(\.valueDelivered))
        valuePerDollar = mean(observations.compactMap { $0.value(of: .valuePerDollar) })
        avgExecutionTime = mean(observations.map(\.executionTimeSeconds))
        primarySamples = observations.count(where: { $0.value(of: primary) != nil })
    }
}

/// What `analyze_ab_test` answers: both groups' metrics, the tests, and a verdict a person can trust.
///
/// The verdict, in order of precedence:
/// - `insufficientData`: a group has fewer than `min_samples` observations of the primary metric;
/// - `sampleRatioMismatch`: the observed split differs from `assignment_ratio` at p < 0.001, or more
///   than 1% of the executions carry a variant other than the one their task id hashes to, so the
///   assignment (or the recording of variants) is broken and no winner is named;
/// - `noDifference`: the stopping rule found no significant difference (yet);
/// - `guardrailFailed`: the stopping rule found a better group on the primary metric, but its quality or
///   success rate is significantly worse (Welch, p < alpha): flagged, never graduated;
/// - `winner`: the better group; `graduate_ab_test` may make it the production default.
public struct AbTestAnalysis: Sendable, Hashable {
    public enum Verdict: String, Sendable, Hashable {
        case insufficientData = "insufficient_data"
        case sampleRatioMismatch = "sample_ratio_mismatch"
        case noDifference = "no_difference"
        case guardrailFailed = "guardrail_failed"
        case winner
    }

    /// Below this p-value the split is a sample ratio mismatch.
    public static let sampleRatioThreshold = 0.001
    /// Above this share of executions recorded with another variant than their task id's, the assignment is broken.
    public static let misassignedThreshold = 0.01

    public var testID: String
    public var control: AbGroupMetrics
    public var treatment: AbGroupMetrics
    public var primaryMetric: AbTest.Metric
    public var stoppingRule: AbTest.StoppingRule
    /// Fixed-horizon Welch test on the primary metric; nil with fewer than two observations in a group.
    public var primary: WelchTTest?
    /// Nil until both groups have min_samples observations of the primary metric.
    public var sequential: SequentialTest.Summary?
    public var sampleRatio: ChiSquareTest?
    public var sampleRatioMismatch: Bool
    /// Executions recorded with another variant than the one `AbTest.variant(forTask:)` gives their task id.
    public var misassigned: Int
    public var quality: WelchTTest?
    public var success: WelchTTest?
    public var verdict: Verdict
    /// For `winner` and `guardrailFailed`.
    public var winner: AbVariant?
    public var controlSamplesNeeded: Int
    public var treatmentSamplesNeeded: Int
    public var notes: [String]

    /// The figures as computed elsewhere (decoded from the wire).
    public init(
        testID: String, control: AbGroupMetrics, treatment: AbGroupMetrics, primaryMetric: AbTest.Metric, stoppingRule: AbTest.StoppingRule,
        primary: WelchTTest?, sequential: SequentialTest.Summary?, sampleRatio: ChiSquareTest?, sampleRatioMismatch: Bool,
        misassigned: Int = 0, quality: WelchTTest?, success: WelchTTest?, verdict: Verdict, winner: AbVariant?, controlSamplesNeeded: Int,
        treatmentSamplesNeeded: Int, notes: [String]
    ) {
        self.testID = testID
        self.control = control
        self.treatment = treatment
        self.primaryMetric = primaryMetric
        self.stoppingRule = stoppingRule
        self.primary = primary
        self.sequential = sequential
        self.sampleRatio = sampleRatio
        self.sampleRatioMismatch = sampleRatioMismatch
        self.misassigned = misassigned
        self.quality = quality
        self.success = success
        self.verdict = verdict
        self.winner = winner
        self.controlSamplesNeeded = controlSamplesNeeded
        self.treatmentSamplesNeeded = treatmentSamplesNeeded
        self.notes = notes
    }

    /// - Parameter observations: The test's executions in arrival order.
    public init(test: AbTest, observations: [AbObservation]) {
        let alpha = test.significanceLevel
        let metric = test.primaryMetric
        testID = test.testID
        primaryMetric = metric
        stoppingRule = test.stoppingRule
        let controlGroup = observations.filter { $0.variant == .control }
        let treatmentGroup = observations.filter { $0.variant == .treatment }
        control = AbGroupMetrics(controlGroup, primary: metric)
        treatment = AbGroupMetrics(treatmentGroup, primary: metric)
        primary = WelchTTest(
            control: controlGroup.compactMap { $0.value(of: metric) }, treatment: treatmentGroup.compactMap { $0.value(of: metric) },
            alpha: alpha)
        quality = WelchTTest(control: controlGroup.map(\.qualityScore), treatment: treatmentGroup.map(\.qualityScore), alpha: alpha)
        success = WelchTTest(
            control: controlGroup.map { $0.success ? 1 : 0 }, treatment: treatmentGroup.map { $0.success ? 1 : 0 }, alpha: alpha)
        sampleRatio = ChiSquareTest(
            observed: [control.totalTasks, treatment.totalTasks], expectedShares: [test.assignmentRatio, 1 - test.assignmentRatio])
        misassigned = observations.count(where: { !$0.taskID.isEmpty && test.variant(forTask: $0.taskID) != $0.variant })
        let misassignedShare = observations.isEmpty ? 0 : Double(misassigned) / Double(observations.count)
        sampleRatioMismatch = (sampleRatio?.pValue ?? 1) < Self.sampleRatioThreshold || misassignedShare > Self.misassignedThreshold
        controlSamplesNeeded = max(0, test.minSamples - control.primarySamples)
        treatmentSamplesNeeded = max(0, test.minSamples - treatment.primarySamples)
        notes = []
        winner = nil

        if controlSamplesNeeded == 0 && treatmentSamplesNeeded == 0 {
            var monitor = SequentialTest(alpha: alpha, burnIn: test.minSamples)
            for observation in observations {
                if let value = observation.value(of: metric) { monitor.add(value, treatment: observation.variant == .treatment) }
            }
            sequential = monitor.summary
        } else {
            sequential = nil
        }

        guard controlSamplesNeeded == 0 && treatmentSamplesNeeded == 0 else {
            verdict = .insufficientData
            notes.append(
                "needs \(controlSamplesNeeded) more control and \(treatmentSamplesNeeded) more treatment samples of \(metric.rawValue) (min_samples \(test.minSamples))")
            return
        }
        if sampleRatioMismatch {
            verdict = .sampleRatioMismatch
            notes.append(
                "sample ratio mismatch: \(control.totalTasks) control vs \(treatment.totalTasks) treatment tasks for an expected ratio of \(test.assignmentRatio) (chi-square p = \(sampleRatio?.pValue ?? 1)), \(misassigned) recorded with another variant than their task id's; the assignment or the recording of variants is broken, so no verdict is given")
            return
        }
        let better: AbVariant?
        switch test.stoppingRule {
        case .sequential:
            if let sequential, sequential.isSignificant, let direction = sequential.decidedDirection {
                better = direction > 0 ? .treatment : .control
                notes.append("sequential test (mSPRT) significant: always-valid p = \(sequential.alwaysValidPValue) < \(alpha)")
            } else {
                better = nil
                notes.append("sequential test (mSPRT) not significant: always-valid p = \(sequential?.alwaysValidPValue ?? 1) >= \(alpha)")
            }
        case .fixedHorizon:
            if let primary, primary.pValue < alpha, primary.difference != 0 {
                better = primary.difference > 0 ? .treatment : .control
                notes.append("Welch t-test significant: p = \(primary.pValue) < \(alpha)")
            } else {
                better = nil
                notes.append("Welch t-test not significant: p = \(primary?.pValue ?? 1) >= \(alpha)")
            }
        }
        guard let better else {
            verdict = .noDifference
            return
        }
        winner = better
        // A guardrail fails when the winner is significantly worse on it.
        var failed: [String] = []
        for (name, test) in [("quality_score", quality), ("success_rate", success)] {
            guard let test, test.pValue < alpha else { continue }
            let winnerWorse = better == .treatment ? test.difference < 0 : test.difference > 0
            if winnerWorse { failed.append("\(name) (p = \(test.pValue))") }
        }
        if failed.isEmpty {
            verdict = .winner
            notes.append("\(better.rawValue) wins on \(metric.rawValue); guardrails hold")
        } else {
            verdict = .guardrailFailed
            notes.append(
                "\(better.rawValue) is better on \(metric.rawValue) but significantly worse on \(failed.joined(separator: ", ")): flagged, not graduated")
        }
    }
}
