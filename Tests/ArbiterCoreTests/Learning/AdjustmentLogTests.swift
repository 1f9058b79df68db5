import ArbiterCore
import Testing

@Suite struct AdjustmentLogTests {
    static func proposal(_ name: String, _ factor: Double, confidence: Double, type: AdjustmentType = .tokenEstimation) -> AdjustmentProposal {
        AdjustmentProposal(parameterName: name, parameterType: type, originalValue: 1, adjustedValue: factor, reason: "test", confidence: confidence)
    }

    @Test func graduationAppliesAtTheThresholdAndNumbersApplications() {
        var log = AdjustmentLog()
        var ids = 0
        let logged = log.logging(
            [Self.proposal("token_estimate_input_a", 1.3, confidence: 0.8), Self.proposal("token_estimate_input_b", 1.3, confidence: 0.79),
             Self.proposal("token_estimate_input_c", 1.3, confidence: 1)],
            nowMs: 100, graduationThreshold: 0.8, makeID: { ids += 1; return "id-\(ids)" })
        #expect(logged.map(\.status) == [.applied, .proposed, .applied])
        #expect(logged.map(\.appliedSequence) == [1, 0, 2])
        #expect(logged.map(\.effectiveDateMs) == [100, 0, 100])
        for adjustment in logged { log.record(adjustment) }
        #expect(log.estimationAdjustments.factors == ["token_estimate_input_a": 1.3, "token_estimate_input_c": 1.3])
        #expect(log.lastAppliedSequence == 2)
    }

    @Test func aRunsAdjustmentsTakeEffectAtItsAsOfAndSetTheCutoff() throws {
        var log = AdjustmentLog()
        var ids = 0
        let makeID = { ids += 1; return "id-\(ids)" }
        // Logged at wall-clock 900 by a run over data up to 500.
        let logged = log.logging(
            [Self.proposal("token_estimate_input_a", 1.3, confidence: 1), Self.proposal("token_estimate_output_a", 1.2, confidence: 0.5)],
            nowMs: 900, effectiveDateMs: 500, graduationThreshold: 0.8, makeID: makeID)
        #expect(logged.map(\.effectiveDateMs) == [500, 0])
        #expect(logged.map(\.createdAtMs) == [900, 900])
        for adjustment in logged { log.record(adjustment) }
        #expect(log.cutoffMs(forAnyOf: ["token_estimate_input_a", "token_estimate_output_a"]) == 500)
        #expect(log.cutoffMs(forAnyOf: ["token_estimate_output_a"]) == nil)  // only proposed
        #expect(log.cutoffMs(forAnyOf: []) == nil)
        // Applied by hand later: the wall clock; the newest date of either name is the cutoff.
        log.record(try log.changingStatus(id: "id-2", to: .applied, nowMs: 950))
        #expect(log.cutoffMs(forAnyOf: ["token_estimate_input_a", "token_estimate_output_a"]) == 950)
        // Rejecting it changes the value in force again, so the cutoff does not go back.
        log.record(try log.changingStatus(id: "id-2", to: .rejected, nowMs: 990))
        #expect(log.cutoffMs(forAnyOf: ["token_estimate_output_a"]) == 950)
    }

    @Test func theLatestApplicationIsInForceAndRejectingItRestoresTheOneBefore() throws {
        var log = AdjustmentLog()
        let name = "priority_weight_P1"
        for (id, factor) in [("old", 1.5), ("new", 2.0)] {
            log.record(Self.proposal(name, factor, confidence: 1, type: .valueScoring).adjustment(id: id, nowMs: 10, graduationThreshold: 0.8))
        }
        #expect(log.effectiveValue(named: name) == 2.0)
        // Applying the older one again makes it the one in force.
        log.record(try log.changingStatus(id: "old", to: .rejected, nowMs: 20))
        #expect(log.effectiveValue(named: name) == 2.0)
        log.record(try log.changingStatus(id: "old", to: .applied, nowMs: 30))
        #expect(log.effectiveValue(named: name) == 1.5)
        #expect(log.effectiveAdjustment(named: name)?.effectiveDateMs == 30)
        log.record(try log.changingStatus(id: "old", to: .rejected, nowMs: 40))
        #expect(log.effectiveValue(named: name) == 2.0)
        log.record(try log.changingStatus(id: "new", to: .rejected, nowMs: 50))
        #expect(log.effectiveAdjustment(named: name) == nil)
        #expect(log.effectiveValue(named: name) == 1)
        #expect(log.estimationAdjustments.isEmpty)
        #expect(throws: ArbiterError(.notFound, "no adjustment with id 'nope'", field: "id")) {
            try log.changingStatus(id: "nope", to: .applied, nowMs: 1)
        }
    }

    @Test func replayingTheRecordsRebuildsTheSameLog() throws {
        var log = AdjustmentLog()
        var records: [Adjustment] = []
        var ids = 0
        for adjustment in log.logging(
            [Self.proposal("token_estimate_output_x", 0.7, confidence: 0.9), Self.proposal("domain_modifier_web", 1.4, confidence: 0.3, type: .valueScoring),
             Self.proposal("model_preference_P1_web_simple", 0.2, confidence: 1, type: .costOptimization)],
            nowMs: 5, graduationThreshold: 0.8, makeID: { ids += 1; return "\(ids)" }) {
            log.record(adjustment)
            records.append(adjustment)
        }
        let applied = try log.changingStatus(id: "2", to: .applied, nowMs: 9)
        log.record(applied)
        records.append(applied)
        var replayed = AdjustmentLog()
        for record in records { replayed.record(record) }
        #expect(replayed.adjustments == log.adjustments)
        #expect(replayed.estimationAdjustments == log.estimationAdjustments)
        // Cost advice is a parameter in force but never an estimation multiplier.
        #expect(log.effectiveAdjustment(named: "model_preference_P1_web_simple") != nil)
        #expect(log.estimationAdjustments["model_preference_P1_web_simple"] == nil)
        // In logging order, whenever each was applied.
        #expect(log.adjustments(matching: AdjustmentFilter(status: .applied)).map(\.id) == ["1", "2", "3"])
        #expect(log.adjustments(matching: AdjustmentFilter(parameterType: .valueScoring)).map(\.id) == ["2"])
    }
}
