import ArbiterCore
import Testing

/// The calibrations on small stores whose answers are worked out by hand or by a direct second pass.
@Suite struct CalibrationTests {
    static let asOf: Int64 = 100 * 86_400_000
    static let day: Int64 = 86_400_000

    static func execution(_ i: Int, _ change: (inout TaskExecution) -> Void) -> TaskExecution {
        var e = TaskExecution(
            executionID: "e\(i)", taskID: "t\(i)", priority: "P1", domain: "web", complexity: "simple",
            predictedValueScore: 50, predictedInputTokens: 1000, predictedOutputTokens: 100, assignedModel: "m",
            actualInputTokens: 1000, actualOutputTokens: 100, actualCost: 1, success: true, qualityScore: 7, timestampMs: asOf - day)
        change(&e)
        return e
    }

    static func state(_ executions: [TaskExecution]) -> LearningState {
        var state = LearningState()
        for e in executions { state.apply(e) }
        return state
    }

    @Test func tokenRatiosByComplexityAndDomainWithinTheWindow() {
        let executions = (0..<10).map { i in
            Self.execution(i) {
                $0.complexity = i < 4 ? "simple" : "complex"
                $0.domain = i % 2 == 0 ? "web" : "ml"
                $0.actualInputTokens = i < 4 ? 1200 : 2000
                $0.predictedOutputTokens = i == 0 ? 0 : 100  // max(predicted, 1): 100 actual over 1
            }
        } + [Self.execution(99) { $0.timestampMs = Self.asOf - 31 * Self.day; $0.actualInputTokens = 99_000 }]
        let calibration = TokenCalibration(
            Self.state(executions).executions, window: LearningWindow(endingAtMs: Self.asOf, days: 30), log: AdjustmentLog(),
            configuration: LearningConfiguration())
        #expect(calibration.executions == 10)
        let groups = Dictionary(uniqueKeysWithValues: calibration.groups.map { ("\($0.dimension.rawValue)/\($0.label)", $0) })
        #expect(groups["complexity/simple"]?.meanInputRatio == 1.2)
        #expect(groups["complexity/complex"]?.meanInputRatio == 2.0)
        #expect(groups["complexity/simple"]?.meanOutputRatio == 103.0 / 4)
        #expect(groups["domain/web"]?.executions == 5)
        #expect(groups["domain/web"]?.meanInputRatio == (2 * 1.2 + 3 * 2.0) / 5)
        let proposals = calibration.proposals(LearningConfiguration(), log: AdjustmentLog())
        #expect(proposals.map(\.parameterName).contains("token_estimate_input_simple"))
        #expect(proposals.first { $0.parameterName == "token_estimate_input_complex" }?.confidence == 6.0 / 50)
    }

    @Test func rowsUpToACutoffAreNotReadAndDomainsMeasureWhatComplexityFactorsLeave() {
        let executions = [
            (0, "simple", "web", Int64(2400)), (1, "simple", "web", 2400), (2, "simple", "ml", 1600), (3, "simple", "ml", 1600),
            (4, "complex", "web", 1000), (5, "complex", "web", 1000),
        ].map { i, complexity, domain, actual in
            Self.execution(i) { $0.complexity = complexity; $0.domain = domain; $0.actualInputTokens = actual }
        } + [Self.execution(6) { $0.complexity = "complex"; $0.actualInputTokens = 9000; $0.timestampMs = Self.asOf - 2 * Self.day }]
        var log = AdjustmentLog()
        // complex's factor took effect with row 6 (not read: predicted with the factor before);
        // ml's output factor just before the other rows (read).
        let applied = [("a", "token_estimate_input_complex", Self.asOf - 2 * Self.day), ("b", "token_estimate_output_domain_ml", Self.asOf - Self.day - 1)]
        for (id, name, effective) in applied {
            let proposal = AdjustmentProposal(
                parameterName: name, parameterType: .tokenEstimation, originalValue: 1, adjustedValue: 1.1, reason: "", confidence: 1)
            log.record(proposal.adjustment(id: id, nowMs: Self.asOf + Self.day, effectiveDateMs: effective, graduationThreshold: 0.8))
        }
        let calibration = TokenCalibration(
            Self.state(executions).executions, window: LearningWindow(endingAtMs: Self.asOf, days: 30), log: log, configuration: LearningConfiguration())
        #expect(calibration.executions == 6)
        let groups = Dictionary(uniqueKeysWithValues: calibration.groups.map { ("\($0.dimension.rawValue)/\($0.label)", $0) })
        #expect(groups["complexity/complex"]?.executions == 2 && groups["complexity/complex"]?.meanInputRatio == 1)
        #expect(groups["complexity/simple"]?.meanInputRatio == 2)
        // Raw means over the rows read, and what simple's factor 2 leaves: web (2.4/2, 2.4/2, 1, 1), ml (1.6/2, 1.6/2).
        #expect(abs((groups["domain/web"]?.meanInputRatio ?? 0) - 1.7) < 1e-12 && abs((groups["domain/web"]?.residualInputRatio ?? 0) - 1.1) < 1e-12)
        #expect(abs((groups["domain/ml"]?.meanInputRatio ?? 0) - 1.6) < 1e-12 && abs((groups["domain/ml"]?.residualInputRatio ?? 0) - 0.8) < 1e-12)
        let proposals = Dictionary(uniqueKeysWithValues: calibration.proposals(LearningConfiguration(), log: log).map { ($0.parameterName, $0) })
        #expect(Set(proposals.keys) == ["token_estimate_input_simple", "token_estimate_input_domain_ml"])
        #expect(abs((proposals["token_estimate_input_domain_ml"]?.adjustedValue ?? 0) - 0.8) < 1e-12)
        #expect(proposals["token_estimate_input_domain_ml"]?.reason.contains("1.600, 0.800 after this run's complexity factors") == true)
    }

    @Test func valueCorrelationMatchesATwoPassComputationAndZeroMeansAreNotDivided() {
        var executions: [TaskExecution] = []
        for i in 0..<40 {
            executions.append(Self.execution(i) {
                $0.priority = i < 30 ? "P1" : "P0"
                $0.predictedValueScore = i < 30 ? Double(10 + i) : 0
                $0.valueDelivered = Double((i * 37) % 23) + Double(i) * 0.5
            })
        }
        executions.append(Self.execution(100) { $0.valueDelivered = nil })
        let store = Self.state(executions).executions
        let calibration = ValueCalibration(
            store, window: LearningWindow(endingAtMs: Self.asOf, days: 30), log: AdjustmentLog(), configuration: LearningConfiguration())
        #expect(calibration.executions == 40 && calibration.enoughData)
        let x = executions.prefix(40).map(\.predictedValueScore), y = executions.prefix(40).map { $0.valueDelivered ?? 0 }
        let mx = x.reduce(0, +) / 40, my = y.reduce(0, +) / 40
        let sxy = zip(x, y).map { ($0 - mx) * ($1 - my) }.reduce(0, +)
        let sxx = x.map { ($0 - mx) * ($0 - mx) }.reduce(0, +), syy = y.map { ($0 - my) * ($0 - my) }.reduce(0, +)
        let r = sxy / (sxx * syy).squareRoot()
        #expect(abs((calibration.correlation ?? .nan) - r) < 1e-12)
        let p0 = calibration.groups.first { $0.dimension == .priority && $0.label == "P0" }
        #expect(p0?.meanPredicted == 0 && p0?.ratio == nil)
        let names = calibration.proposals(LearningConfiguration(), log: AdjustmentLog()).map(\.parameterName)
        #expect(!names.contains("priority_weight_P0"))
    }

    @Test func constantPredictionsLeaveTheCorrelationUndefined() {
        let executions = (0..<25).map { i in Self.execution(i) { $0.valueDelivered = Double(i) } }
        let calibration = ValueCalibration(
            Self.state(executions).executions, window: LearningWindow(endingAtMs: Self.asOf, days: 30), log: AdjustmentLog(),
            configuration: LearningConfiguration())
        #expect(calibration.correlation == nil)
        #expect(calibration.prioritiesExamined)
    }

    @Test func costOpportunitiesAggregatePerTaskTypeAndModels() {
        let premium = ModelDescriptor(name: "big", tier: .premium, inputPricePerMillion: 15, outputPricePerMillion: 75)
        let cheap = ModelDescriptor(name: "small", tier: .cheap, inputPricePerMillion: 0.25, outputPricePerMillion: 1.25)
        var executions = (0..<5).map { i in
            Self.execution(i) { $0.assignedModel = "small"; $0.qualityScore = 6.8; $0.actualInputTokens = 100_000; $0.actualOutputTokens = 20_000 }
        }
        executions += (5..<8).map { i in
            Self.execution(i) { $0.assignedModel = "big"; $0.qualityScore = 7.0; $0.actualInputTokens = 100_000; $0.actualOutputTokens = 20_000; $0.actualCost = 3 }
        }
        let state = Self.state(executions)
        let analysis = CostEffectiveness(
            state.executions, performance: state.performance, models: [premium, cheap],
            window: LearningWindow(endingAtMs: Self.asOf, days: 60), configuration: LearningConfiguration())
        #expect(analysis.premiumExecutions == 3)
        #expect(analysis.opportunities.count == 1)
        let opportunity = analysis.opportunities[0]
        let price = cheap.apiCost(inputTokens: 100_000, outputTokens: 20_000)
        #expect(opportunity.executions == 3 && opportunity.currentModel == "big" && opportunity.suggestedModel == "small")
        #expect(abs(opportunity.totalSaving - 3 * (3 - price)) < 1e-12)
        #expect(abs(opportunity.qualityDifference - 0.2) < 1e-12)
        #expect(opportunity.confidence == 0.5)
        // Confidence 0.5 is not above 0.5: reported, not logged.
        #expect(analysis.proposals(LearningConfiguration()).isEmpty)
    }

    /// A premium retry ran because a cheaper model had just failed the task: never a saving.
    @Test func premiumRetriesAreNoOpportunity() {
        let premium = ModelDescriptor(name: "big", tier: .premium, inputPricePerMillion: 15, outputPricePerMillion: 75)
        let cheap = ModelDescriptor(name: "small", tier: .cheap, inputPricePerMillion: 0.25, outputPricePerMillion: 1.25)
        var executions = (0..<5).map { i in Self.execution(i) { $0.assignedModel = "small"; $0.qualityScore = 6.8 } }
        executions += (5..<9).map { i in
            Self.execution(i) { $0.assignedModel = "big"; $0.qualityScore = 7.0; $0.actualCost = 3; $0.attempt = i < 8 ? 2 : 1 }
        }
        let state = Self.state(executions)
        let analysis = CostEffectiveness(
            state.executions, performance: state.performance, models: [premium, cheap],
            window: LearningWindow(endingAtMs: Self.asOf, days: 60), configuration: LearningConfiguration())
        #expect(analysis.premiumExecutions == 1)
        #expect(analysis.opportunities.map(\.executions) == [1])
    }

    @Test func theStepsSplitOverChunksMergeToTheSingleScan() {
        let premium = ModelDescriptor(name: "big", tier: .premium, inputPricePerMillion: 15, outputPricePerMillion: 75)
        let cheap = ModelDescriptor(name: "small", tier: .cheap, inputPricePerMillion: 0.25, outputPricePerMillion: 1.25)
        var executions: [TaskExecution] = []
        for i in 0..<40_000 {
            executions.append(Self.execution(i) {
                $0.assignedModel = (i / 2) % 3 == 0 ? "small" : "big"
                $0.complexity = ["simple", "complex", "medium"][i % 3]
                $0.domain = ["web", "ml", "data", "ops"][(i / 5) % 4]
                $0.priority = ["P0", "P1"][(i / 7) % 2]
                $0.actualInputTokens = Int64(100_000 + (i * 7919) % 50_000)
                $0.actualOutputTokens = 20_000
                $0.actualCost = (i / 2) % 3 == 0 ? 0.2 : 3 + Double(i % 11) / 10
                $0.qualityScore = (i / 2) % 3 == 0 ? 6.9 : 7.1
                $0.predictedValueScore = Double(i % 97)
                $0.valueDelivered = i % 5 == 0 ? nil : Double((i * 31) % 89)
                $0.timestampMs = Self.asOf - Int64(i % 90) * Self.day / 2
            })
        }
        let state = Self.state(executions)
        #expect(state.executions.flags.chunkCount >= 3)
        let run = LearningRun()
        let sequential = run.analyze(state, models: [premium, cheap], asOfMs: Self.asOf, dryRun: true)
        let reversed = run.analyze(state, models: [premium, cheap], asOfMs: Self.asOf, dryRun: true) { count, body in
            for index in (0..<count).reversed() { body(index) }
        }
        #expect(sequential.report == reversed.report)
        #expect(sequential.proposals == reversed.proposals)
        // The same figures as one scan over every chunk, to rounding.
        let configuration = LearningConfiguration()
        let tokens = TokenCalibration(
            state.executions, window: LearningWindow(endingAtMs: Self.asOf, days: 30), log: AdjustmentLog(), configuration: configuration)
        let values = ValueCalibration(
            state.executions, window: LearningWindow(endingAtMs: Self.asOf, days: 30), log: AdjustmentLog(), configuration: configuration)
        let costs = CostEffectiveness(
            state.executions, performance: state.performance, models: [premium, cheap],
            window: LearningWindow(endingAtMs: Self.asOf, days: 60), configuration: configuration)
        #expect(sequential.report.tokens.executions == tokens.executions)
        #expect(zip(sequential.report.tokens.groups, tokens.groups).allSatisfy {
            $0.executions == $1.executions && abs($0.meanInputRatio - $1.meanInputRatio) < 1e-12 })
        #expect(sequential.report.tokens.groups.count == tokens.groups.count)
        #expect(abs((sequential.report.values.correlation ?? .nan) - (values.correlation ?? .nan)) < 1e-12)
        #expect(sequential.report.values.executions == values.executions)
        #expect(sequential.report.costs.premiumExecutions == costs.premiumExecutions)
        #expect(sequential.report.costs.opportunities.map(\.executions) == costs.opportunities.map(\.executions))
        #expect(abs(sequential.report.costs.bestSaving - costs.bestSaving) < 1e-9 * costs.bestSaving)
        #expect(costs.premiumExecutions > 0, "\(costs.premiumExecutions) \(costs.executionsWithSaving)")
        #expect(costs.opportunities.count > 0)
    }
}
