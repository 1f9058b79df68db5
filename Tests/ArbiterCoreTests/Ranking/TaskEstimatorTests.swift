import ArbiterCore
import Testing

@Suite struct TaskEstimatorTests {
    func estimate(
        _ priority: String = "P1", _ domain: String = "backend", _ complexity: String = "medium",
        estimator: TaskEstimator = TaskEstimator(), model: ModelDescriptor = RankingFixtures.opus,
        predicted: (input: Int64?, output: Int64?, value: Double?) = (nil, nil, nil)
    ) -> TaskEstimate {
        let task = TaskDescriptor(
            taskID: "T", priority: priority, domain: domain, complexity: complexity,
            predictedInputTokens: predicted.input, predictedOutputTokens: predicted.output, predictedValueScore: predicted.value
        )
        return estimator.estimate(task, model: model)
    }

    @Test(arguments: [("simple", 2000, 1000), ("medium", 4000, 2000), ("complex", 6000, 3000), ("very_complex", 8000, 4000), ("epic", 4000, 2000)])
    func complexityMultipliesTheBaseTokens(complexity: String, input: Int64, output: Int64) {
        let e = estimate("P1", "backend", complexity)
        #expect(e.inputTokens == input)
        #expect(e.outputTokens == output)
        #expect(e.appliedAdjustments.isEmpty)
    }

    @Test func domainFactorsAndBasesAreConfigurable() {
        let parameters = EstimationParameters(baseInputTokens: 1001, baseOutputTokens: 3000, domainTokenFactors: ["infra": 1.25])
        let e = estimate("P1", "infra", "simple", estimator: TaskEstimator(parameters: parameters))
        #expect(e.inputTokens == 626)  // 1001 × 0.5 × 1.25 = 625.625
        #expect(e.outputTokens == 1875)
        #expect(estimate("P1", "infra", "simple", estimator: TaskEstimator(parameters: EstimationParameters(baseInputTokens: 1001))).inputTokens == 501)
    }

    @Test(arguments: [("P0", 100.0), ("P1", 75), ("P2", 50), ("P3", 25), ("P9", 50)])
    func valueScoreFollowsThePriorityWeights(priority: String, value: Double) {
        #expect(estimate(priority).valueScore == value)
    }

    @Test func domainModifiersScaleTheValueScoreWithinZeroToHundred() {
        let estimator = TaskEstimator(parameters: EstimationParameters(domainModifiers: ["security": 1.2, "docs": 0.5]))
        #expect(estimate("P0", "security", estimator: estimator).valueScore == 100)  // 120, clamped
        #expect(estimate("P3", "security", estimator: estimator).valueScore == 30)
        #expect(estimate("P1", "docs", estimator: estimator).valueScore == 37.5)
        #expect(estimate("P1", "backend", estimator: estimator).valueScore == 75)
    }

    @Test func learnedAdjustmentsMultiplyTheBasesAndAreListed() {
        let adjustments = ParameterAdjustments([
            "token_estimate_input_complex": 1.1,
            "token_estimate_output_domain_infra": 0.8,
            "priority_weight_P2": 1.2,
            "domain_modifier_infra": 0.5,
            "token_estimate_input_simple": 2,  // another complexity
            "model_preference_P2_infra_complex": 0,  // not an estimation parameter
        ])
        let parameters = EstimationParameters(domainTokenFactors: ["infra": 1.25])
        let e = estimate("P2", "infra", "complex", estimator: TaskEstimator(parameters: parameters, adjustments: adjustments))
        #expect(e.inputTokens == 8250)  // 4000 × 1.5 × 1.25 × 1.1
        #expect(e.outputTokens == 3000)  // 2000 × 1.5 × 1.25 × 0.8
        #expect(RankingFixtures.close(e.valueScore, 30))  // 50 × 1.2 × 0.5
        #expect(e.appliedAdjustments == [
            "token_estimate_input_complex", "token_estimate_output_domain_infra", "priority_weight_P2", "domain_modifier_infra",
        ])
    }

    @Test func everyAdjustmentNameIsRecognised() {
        let names = [
            ParameterAdjustments.tokenEstimateInputName(complexity: "medium"),
            ParameterAdjustments.tokenEstimateOutputName(complexity: "medium"),
            ParameterAdjustments.tokenEstimateInputDomainName(domain: "backend"),
            ParameterAdjustments.tokenEstimateOutputDomainName(domain: "backend"),
            ParameterAdjustments.priorityWeightName(priority: "P1"),
            ParameterAdjustments.domainModifierName(domain: "backend"),
        ]
        #expect(names == [
            "token_estimate_input_medium", "token_estimate_output_medium",
            "token_estimate_input_domain_backend", "token_estimate_output_domain_backend",
            "priority_weight_P1", "domain_modifier_backend",
        ])
        var adjustments = ParameterAdjustments()
        for name in names { adjustments[name] = 0.5 }
        let e = estimate(estimator: TaskEstimator(adjustments: adjustments))
        #expect(e.inputTokens == 1000)
        #expect(e.outputTokens == 500)
        #expect(e.valueScore == 18.75)
        #expect(e.appliedAdjustments == [names[0], names[2], names[1], names[3], names[4], names[5]])

        adjustments[names[0]] = nil
        #expect(estimate(estimator: TaskEstimator(adjustments: adjustments)).inputTokens == 2000)
    }

    @Test func brokenFactorsAreKeptButNotApplied() {
        let adjustments = ParameterAdjustments(["token_estimate_input_medium": 0, "token_estimate_output_medium": -1, "priority_weight_P1": .nan])
        let e = estimate(estimator: TaskEstimator(adjustments: adjustments))
        #expect(e.inputTokens == 4000)
        #expect(e.outputTokens == 2000)
        #expect(e.valueScore == 75)
        #expect(e.appliedAdjustments.isEmpty)
        #expect(adjustments.factors.count == 3)
    }

    @Test func callerPredictionsOverrideTheEstimateAndItsAdjustments() {
        let adjustments = ParameterAdjustments(["token_estimate_input_medium": 2, "token_estimate_output_medium": 2, "priority_weight_P1": 0.5])
        let estimator = TaskEstimator(adjustments: adjustments)
        let e = estimate(estimator: estimator, predicted: (1234, nil, 42))
        #expect(e.inputTokens == 1234)
        #expect(e.outputTokens == 4000)
        #expect(e.valueScore == 42)
        #expect(e.appliedAdjustments == ["token_estimate_output_medium"])
        #expect(RankingFixtures.close(e.cost, (1234 * 15 + 4000 * 75) / 1e6))
    }

    @Test func apiCostIsTheListPrice() {
        let e = estimate(model: RankingFixtures.opus)
        #expect(RankingFixtures.close(e.cost, 0.21))  // 4000 × $15/M + 2000 × $75/M
        #expect(e.model == "opus")
        #expect(RankingFixtures.close(RankingFixtures.sonnet.apiCost(inputTokens: 1_000_000, outputTokens: 1_000_000), 18))
    }

    @Test func subscriptionCostIsTheFeeAmortisedOverTheQuota() {
        var model = ModelDescriptor(name: "max", tier: .premium, inputPricePerMillion: 15, outputPricePerMillion: 75)
        model.subscription = Subscription(quotaTokens: 10_000_000, periodSeconds: 2_592_000, fee: 200)
        #expect(RankingFixtures.close(estimate(model: model).cost, 0.12))  // $200 / 10M tokens × 6000 tokens
        // With both quotas the plan ends when either runs out: the task costs its larger share of the fee.
        model.subscription = Subscription(quotaTokens: 10_000_000, quotaTasks: 500, periodSeconds: 2_592_000, fee: 200)
        #expect(RankingFixtures.close(estimate(model: model).cost, 0.4))  // $200 / 500 tasks, not 0.12 by its tokens
        model.subscription = Subscription(quotaTokens: 10_000_000, quotaTasks: 5000, periodSeconds: 2_592_000, fee: 200)
        #expect(RankingFixtures.close(estimate(model: model).cost, 0.12))  // by its tokens, not $200 / 5000 tasks
        model.subscription = Subscription(quotaTasks: 500, periodSeconds: 2_592_000, fee: 100)
        #expect(RankingFixtures.close(estimate(model: model).cost, 0.2))  // $100 / 500 tasks
        #expect(RankingFixtures.close(model.apiCost(inputTokens: 4000, outputTokens: 2000), 0.21))
    }

    @Test func validationNamesTheField() {
        #expect(throws: ArbiterError(.invalidArgument, "predicted_value_score must be between 0 and 100; got 150.0", field: "predicted_value_score")) {
            try TaskDescriptor(priority: "P1", domain: "d", complexity: "c", predictedValueScore: 150).validate()
        }
        #expect(throws: ArbiterError.self) { try EstimationParameters(complexityMultipliers: ["simple": -1]).validate() }
        #expect(throws: ArbiterError.self) { try EstimationParameters(baseInputTokens: -1).validate() }
        #expect((try? EstimationParameters().validate()) != nil)
    }
}
