import ArbiterCore

extension AdjustmentType {
    /// An A/B test's winning strategy made the production default (`graduate_ab_test`).
    static let abGraduation = AdjustmentType(rawValue: "ab_graduation")
}

/// The learning batch's A/B step: analyses every running test (the seed's "Update A/B Tests:
/// check significance, declare winners") and reports each verdict, as data (`abTests`) and as
/// a section of the report.
///
/// It graduates nothing: `graduate_ab_test` is a decision for a person or a client, made on a
/// verdict this step (or `analyze_ab_test`) reports.
enum AbTestLearningStep {
    /// - Parameter tests: The tests as last published, read when the step runs.
    static func step(tests: @escaping @Sendable () -> AbTestRegistry) -> LearningHooks.Step {
        { outcome, state in
            let running = tests().tests.filter { $0.isRunning(atMs: outcome.report.asOfMs) }
            guard !running.isEmpty else { return }
            var lines: [String] = []
            for (test, observations) in zip(running, Recorder.observations(of: running, in: state.executions)) {
                let analysis = AbTestAnalysis(test: test, observations: observations)
                lines.append(line(test, analysis))
                outcome.report.abTests.append(AbTestVerdictSummary(test: test, analysis: analysis))
            }
            outcome.report.sections.append(LearningReportSection(title: "A/B tests", lines: lines))
        }
    }

    static func line(_ test: AbTest, _ analysis: AbTestAnalysis) -> String {
        let metric = analysis.primaryMetric.rawValue
        var line = "- `\(test.testID)` (\(test.control.name) vs \(test.treatment.name)): **\(analysis.verdict.rawValue)**"
        if let winner = analysis.winner { line += ", \(winner.rawValue) better" }
        line += "; \(metric) \(analysis.control.primarySamples) control vs \(analysis.treatment.primarySamples) treatment samples"
        if let primary = analysis.primary {
            line += ", means \(primary.control.mean) vs \(primary.treatment.mean), Welch p = \(primary.pValue)"
        }
        if let sequential = analysis.sequential {
            line += ", always-valid p = \(sequential.alwaysValidPValue)"
        }
        return line + ". " + analysis.notes.joined(separator: " ")
    }
}
