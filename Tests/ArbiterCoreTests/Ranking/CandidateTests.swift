import ArbiterCore
import Testing

@Suite struct CandidateTests {
    typealias F = RankingFixtures

    static let retired = ModelDescriptor(name: "retired", tier: .mid, inputPricePerMillion: 1, outputPricePerMillion: 2, enabled: false)
    static let catalog = [F.opus, F.sonnet, F.deepseek, retired]

    @Test func everyEnabledModelIsACandidateByDefault() throws {
        let result = try F.rank(RankingRequest(task: F.task), catalog: Self.catalog)
        #expect(Set(result.ranked.map(\.model)) == ["opus", "sonnet", "deepseek"])
        #expect(result.excluded.isEmpty)
    }

    @Test func unknownAndDisabledCandidatesAreReported() throws {
        let request = RankingRequest(task: F.task, candidates: ["gpt-9", "sonnet", "retired", "opus", "sonnet"])
        let result = try F.rank(request, catalog: Self.catalog)
        #expect(result.ranked.map(\.model) == ["sonnet", "opus"])
        #expect(result.excluded == [
            ExcludedCandidate(model: "gpt-9", reason: .unknown),
            ExcludedCandidate(model: "retired", reason: .disabled),
        ])
        #expect(result.excluded.map(\.message) == [
            "Model \"gpt-9\" is not in the catalog.",
            "Model \"retired\" is disabled in the catalog.",
        ])
    }

    @Test func namesMatchByTheirBytes() throws {
        let composed = ModelDescriptor(name: "caf\u{E9}", tier: .cheap, inputPricePerMillion: 1, outputPricePerMillion: 1)
        let result = try F.rank(RankingRequest(task: F.task, candidates: ["cafe\u{301}", "caf\u{E9}"]), catalog: [composed])
        #expect(result.ranked.count == 1)
        #expect(result.excluded.map(\.reason) == [.unknown])
    }

    @Test func noUsableCandidateIsAFailedPrecondition() {
        do {
            _ = try F.rank(RankingRequest(task: F.task, candidates: ["gpt-9", "retired"]), catalog: Self.catalog)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .failedPrecondition)
            #expect(error.field == "candidates")
            #expect(error.message.contains("gpt-9"))
            #expect(error.message.contains("retired"))
        }
        #expect(throws: ArbiterError(.failedPrecondition, "The catalog has no enabled model.", field: "candidates")) {
            try F.rank(RankingRequest(task: F.task), catalog: [Self.retired])
        }
        #expect(throws: ArbiterError(.failedPrecondition, "The catalog has no enabled model.", field: "candidates")) {
            try F.rank(RankingRequest(task: F.task), catalog: [])
        }
    }

    @Test func estimationResolvesCandidatesTheSameWay() throws {
        let estimator = TaskEstimator(adjustments: ParameterAdjustments(["priority_weight_P1": 1.2]))
        let result = try estimator.estimate(F.task, candidates: ["sonnet", "gpt-9", "retired", "opus"], catalog: Self.catalog)
        #expect(result.estimates.map(\.model) == ["sonnet", "opus"])
        #expect(result.estimates.map(\.valueScore) == [90, 90])
        #expect(result.estimates[0] == estimator.estimate(F.task, model: F.sonnet))
        #expect(result.appliedAdjustments == ["priority_weight_P1"])
        #expect(result.excluded.map(\.reason) == [.unknown, .disabled])
        #expect(try estimator.estimate(F.task, candidates: [], catalog: Self.catalog).estimates.count == 3)
        #expect(throws: ArbiterError(.failedPrecondition, "No candidate model can be used: Model \"retired\" is disabled in the catalog.", field: "candidates")) {
            try estimator.estimate(F.task, candidates: ["retired"], catalog: Self.catalog)
        }
    }

    @Test func badRequestsAreInvalidArguments() {
        #expect(throws: ArbiterError(.invalidArgument, "top_k must not be negative (0 means all); got -1", field: "top_k")) {
            try F.rank(RankingRequest(task: F.task, topK: -1), catalog: Self.catalog)
        }
        var task = F.task
        task.predictedInputTokens = -5
        #expect(throws: ArbiterError(.invalidArgument, "predicted_input_tokens must be between 0 and 1000000000000; got -5", field: "task.predicted_input_tokens")) {
            try F.rank(RankingRequest(task: task), catalog: Self.catalog)
        }
    }

    @Test func policyAndCatalogValidation() {
        #expect((try? RankingPolicy().validate()) != nil)
        #expect(throws: ArbiterError.self) { try RankingPolicy(priorStrength: 0).validate() }
        #expect(throws: ArbiterError.self) { try RankingPolicy(minimumCost: 0).validate() }
        #expect(throws: ArbiterError(.invalidArgument, "input_price_per_million must be a finite, non-negative number; got -1.0", field: "input_price_per_million")) {
            try ModelDescriptor(name: "x", tier: .cheap, inputPricePerMillion: -1, outputPricePerMillion: 1).validate()
        }
    }

    @Test func rawValuesMatchTheWireNames() {
        #expect(RankingStrategy.allCases.map(\.rawValue) == ["greedy", "thompson", "seed_compat"])
        #expect(AssignmentReason.allCases.map(\.rawValue) == ["subscription_quota", "exploration", "high_value_premium", "learned_best", "cold_start", "strategy_preference"])
        #expect(ScoreSource.allCases.map(\.rawValue) == ["learned", "prior", "blend"])
        #expect(ExclusionReason.allCases.map(\.rawValue) == ["unknown", "disabled", "quota_exhausted", "already_failed"])
        #expect(ModelTier.allCases.map(\.rawValue) == ["premium", "mid", "cheap"])
        #expect(F.task.taskType == "P1_backend_medium")
    }
}
