import ArbiterCore
import ArbiterWire
import Foundation
import Logging

/// A/B tests: created, stopped and graduated durably through the write-ahead log, analysed
/// over the executions recorded with their id.
extension Recorder {
    func createAbTest(_ request: AbTest) async throws(ArbiterError) -> AbTest {
        var test = request
        test.control = try resolve(test.control, field: "test.control")
        test.treatment = try resolve(test.treatment, field: "test.treatment")
        do {
            try test.validate()
        } catch {
            throw error.nested(under: "test")
        }
        for (field, strategy) in [("control", test.control), ("treatment", test.treatment)]
        where !strategy.preferredModel.isEmpty && catalog.catalog.model(named: strategy.preferredModel) == nil {
            throw ArbiterError(
                .invalidArgument, "preferred model '\(strategy.preferredModel.prefix(256))' is not in the catalog",
                field: "test.\(field).preferred_model")
        }
        if abTests.test(id: test.testID) != nil {
            throw ArbiterError(.alreadyExists, "an A/B test with id '\(test.testID)' exists already", field: "test.test_id")
        }
        let now = Self.nowMs()
        test.status = .active
        test.stoppedMs = 0
        test.graduatedVariant = nil
        test.createdMs = now
        if test.startMs == 0 { test.startMs = now }
        if test.endMs != 0 && test.endMs <= test.startMs {
            throw ArbiterError(.invalidArgument, "end_ms must be after start_ms", field: "test.end_ms")
        }
        try await commit([.abTest(test)])
        logger.notice("A/B test created", metadata: ["test": "\(test.testID)", "control": "\(test.control.name)", "treatment": "\(test.treatment.name)"])
        return test
    }

    func abTest(id: String) throws(ArbiterError) -> AbTest {
        guard let test = abTests.test(id: id) else {
            throw ArbiterError(.notFound, "no A/B test with id '\(id.prefix(256))'", field: "test_id")
        }
        return test
    }

    func listAbTests() -> [AbTest] {
        abTests.tests
    }

    /// Stops a running test; stopping a stopped one changes nothing and answers it as it is.
    func stopAbTest(id: String) async throws(ArbiterError) -> AbTest {
        var test = try abTest(id: id)
        guard test.status == .active else { return test }
        test.status = .stopped
        test.stoppedMs = Self.nowMs()
        try await commit([.abTest(test)])
        return test
    }

    func analyzeAbTest(id: String) throws(ArbiterError) -> AbTestAnalysis {
        let test = try abTest(id: id)
        return AbTestAnalysis(test: test, observations: Self.observations(of: test, in: state.executions))
    }

    /// Makes the winner's strategy the production default for the test's criteria and stops the test.
    ///
    /// Refused (FAILED_PRECONDITION) unless the analysis names a winner whose guardrails hold.
    func graduateAbTest(id: String) async throws(ArbiterError) -> (AbTest, AbTestAnalysis) {
        var test = try abTest(id: id)
        guard test.status != .graduated else {
            throw ArbiterError(.failedPrecondition, "A/B test '\(id)' graduated already", field: "test_id")
        }
        let analysis = AbTestAnalysis(test: test, observations: Self.observations(of: test, in: state.executions))
        guard analysis.verdict == .winner, let winner = analysis.winner else {
            throw ArbiterError(
                .failedPrecondition,
                "A/B test '\(id)' has no winner to graduate (verdict \(analysis.verdict.rawValue)): \(analysis.notes.joined(separator: "; "))",
                field: "test_id")
        }
        test.status = .graduated
        test.graduatedVariant = winner
        test.stoppedMs = Self.nowMs()
        test.revertedMs = 0
        test.revertReason = ""
        // Graduating is the decision: the adjustment is in force as it is logged.
        let adjustment = state.adjustments.logging(
            [Self.graduationProposal(test, winner: winner, analysis: analysis)], nowMs: test.stoppedMs, graduationThreshold: 0,
            makeID: { UUID().uuidString.lowercased() })[0]
        // One record, so a crash keeps both the test's new state and its adjustment, or neither.
        try await commit([.abTestChange(test, adjustment)])
        logger.notice("A/B test graduated", metadata: ["test": "\(test.testID)", "variant": "\(winner.rawValue)", "strategy": "\(test.strategy(winner).name)"])
        return (test, analysis)
    }

    /// A graduation as an applied adjustment of type `ab_graduation`, logged with the test's new
    /// state in one record.
    ///
    /// The graduated test's own durable record (status, variant, time) is what makes the winner the
    /// production default for the test's criteria, and survives restarts; the adjustment is the
    /// history of it, beside what the learning batch learned. Parameter `ab_test_{id}`: from the
    /// control group's mean of the primary metric to the winner's, with confidence 1 − p of the
    /// deciding rule.
    private static func graduationProposal(_ test: AbTest, winner: AbVariant, analysis: AbTestAnalysis) -> AdjustmentProposal {
        let p = Self.decidingPValue(analysis)
        let controlMean = analysis.primary?.control.mean ?? 0
        let winnerMean = winner == .control ? controlMean : (analysis.primary?.treatment.mean ?? 0)
        let strategy = test.strategy(winner)
        return AdjustmentProposal(
            parameterName: "ab_test_\(test.testID)", parameterType: .abGraduation, originalValue: controlMean, adjustedValue: winnerMean,
            reason: """
                A/B test '\(test.testID)' graduated: \(winner.rawValue) strategy '\(strategy.name)' is the production default for \
                matching tasks (\(analysis.primaryMetric.rawValue) \(controlMean) -> \(winnerMean), \(analysis.stoppingRule.rawValue) p = \(p))
                """,
            confidence: max(0, min(1, 1 - p)))
    }

    /// An `ab_graduation` adjustment's new status, with what it means for its test.
    ///
    /// Rejecting it reverts the graduation: the test becomes `graduationReverted` (when and why
    /// on the test), and matching tasks get the production default they would have without it
    /// (an earlier graduated test's strategy, or the catalog), in one durable record with the
    /// adjustment. Applying a rejected one is refused: the verdict may have changed since, so
    /// graduating again is `graduate_ab_test`'s decision, which checks it on the data as it is.
    func changeGraduation(_ changed: Adjustment) async throws(ArbiterError) -> Adjustment {
        let prefix = "ab_test_"
        let testID = changed.parameterName.hasPrefix(prefix) ? String(changed.parameterName.dropFirst(prefix.count)) : ""
        guard changed.status == .rejected else {
            throw ArbiterError(
                .failedPrecondition,
                """
                adjustment '\(changed.id)' logs a graduation of A/B test '\(testID)' that was reverted; graduate the test again \
                with graduate_ab_test, which checks its verdict on the data as it is now
                """,
                field: "id")
        }
        guard var test = abTests.test(id: testID), test.status == .graduated, let winner = test.graduatedVariant else {
            // A test no longer graduated by it: nothing to revert.
            try await commit([.adjustment(changed)])
            return changed
        }
        test.status = .graduationReverted
        test.revertedMs = changed.statusChangedAtMs
        test.revertReason = """
            ab_graduation adjustment \(changed.id) rejected: the \(winner.rawValue) strategy '\(test.strategy(winner).name)' \
            is no longer the production default for matching tasks
            """
        try await commit([.abTestChange(test, changed)])
        logger.notice("A/B test graduation reverted", metadata: ["test": "\(test.testID)", "adjustment": "\(changed.id)"])
        return changed
    }

    /// The p-value of the stopping rule that decided.
    static func decidingPValue(_ analysis: AbTestAnalysis) -> Double {
        switch analysis.stoppingRule {
        case .sequential: analysis.sequential?.alwaysValidPValue ?? 1
        case .fixedHorizon: analysis.primary?.pValue ?? 1
        }
    }

    /// A strategy given by name only is the catalog's strategy of that name.
    private func resolve(_ strategy: AbStrategy, field: String) throws(ArbiterError) -> AbStrategy {
        guard strategy.overridesNothing, !strategy.name.isEmpty else { return strategy }
        guard let defined = catalog.catalog.strategies[strategy.name] else {
            throw ArbiterError(
                .invalidArgument,
                "strategy '\(strategy.name.prefix(128))' is empty: it overrides nothing and the catalog defines no strategy of that name",
                field: field)
        }
        return defined
    }

    /// The executions recorded with the test's id, in arrival order.
    static func observations(of test: AbTest, in executions: ExecutionStore) -> [AbObservation] {
        observations(of: [test], in: executions)[0]
    }

    /// The executions recorded with each test's id, in arrival order, from one scan of the store:
    /// a scan per test made every learning run and full alert pass cost tests × executions.
    static func observations(of tests: [AbTest], in executions: ExecutionStore) -> [[AbObservation]] {
        var observations = [[AbObservation]](repeating: [], count: tests.count)
        // By string id: the index of the test of that id, or -1.
        var testIndex: [Int32] = []
        for (index, test) in tests.enumerated() {
            guard let id = executions.strings.id(of: test.testID) else { continue }
            if testIndex.isEmpty { testIndex = [Int32](repeating: -1, count: executions.strings.count) }
            testIndex[Int(id)] = Int32(index)
        }
        guard !testIndex.isEmpty else { return observations }
        let control = executions.strings.id(of: AbVariant.control.rawValue)
        let treatment = executions.strings.id(of: AbVariant.treatment.rawValue)
        for row in 0..<executions.count {
            let test = Int(testIndex[Int(executions.abTestIDs[row])])
            guard test >= 0 else { continue }
            let variantID = executions.abVariants[row]
            let variant: AbVariant
            if variantID == control { variant = .control } else if variantID == treatment { variant = .treatment } else { continue }
            let value = executions.valuesDelivered[row]
            observations[test].append(AbObservation(
                taskID: executions.taskID(at: row), variant: variant, success: executions.flags[row].contains(.success), qualityScore: executions.qualityScores[row],
                cost: executions.actualCosts[row], valueDelivered: value.isNaN ? nil : value,
                executionTimeSeconds: executions.executionTimes[row]))
        }
        return observations
    }
}
