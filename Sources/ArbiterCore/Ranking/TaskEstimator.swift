/// Predicts tokens, cost and value score for a task from the configured bases and learned adjustments.
///
/// Tokens: base × complexity multiplier × domain factor × matching adjustments, rounded to the nearest token.
/// Value score: clamp(priority weight × domain modifier × matching adjustments, 0, 100).
/// A caller prediction replaces the corresponding figure, and the adjustments for it are neither applied nor listed.
public struct TaskEstimator: Sendable, Hashable {
    public var parameters: EstimationParameters
    public var adjustments: ParameterAdjustments

    public init(parameters: EstimationParameters = EstimationParameters(), adjustments: ParameterAdjustments = ParameterAdjustments()) {
        self.parameters = parameters
        self.adjustments = adjustments
    }

    /// The model-independent part of an estimate, worked out once per ranking.
    struct Baseline: Sendable {
        var inputTokens: Int64
        var outputTokens: Int64
        var valueScore: Double
        var appliedAdjustments: [String]
    }

    public func estimate(_ task: TaskDescriptor, model: ModelDescriptor) -> TaskEstimate {
        estimate(baseline(task), model: model)
    }

    /// Estimates on each candidate: the named models, or every enabled one when `candidates` is empty.
    ///
    /// Unknown and disabled names are reported in `excluded`. Subscription quotas are not consulted:
    /// an estimate of a model out of quota is still an estimate.
    /// - Throws: `.invalidArgument` for a bad prediction (field under `task`); `.failedPrecondition`
    ///   (field `candidates`) when no candidate is left.
    public func estimate(_ task: TaskDescriptor, candidates: [String], catalog: [ModelDescriptor]) throws(ArbiterError) -> EstimationResult {
        do throws(ArbiterError) {
            try task.validate()
        } catch {
            throw error.nested(under: "task")
        }
        let baseline = baseline(task)
        var estimates: [TaskEstimate] = []
        var excluded: [ExcludedCandidate] = []
        estimates.reserveCapacity(candidates.isEmpty ? catalog.count : candidates.count)
        CandidateSelection.resolve(candidates, in: catalog) { outcome in
            switch outcome {
            case .candidate(let index): estimates.append(estimate(baseline, model: catalog[index]))
            case .excluded(let exclusion): excluded.append(exclusion)
            }
        }
        guard !estimates.isEmpty else {
            throw CandidateSelection.noneUsable(candidates, excluded)
        }
        return EstimationResult(estimates: estimates, appliedAdjustments: baseline.appliedAdjustments, excluded: excluded)
    }

    func estimate(_ baseline: Baseline, model: ModelDescriptor) -> TaskEstimate {
        TaskEstimate(
            model: model.name,
            inputTokens: baseline.inputTokens,
            outputTokens: baseline.outputTokens,
            cost: cost(baseline, model: model),
            valueScore: baseline.valueScore,
            appliedAdjustments: baseline.appliedAdjustments
        )
    }

    func cost(_ baseline: Baseline, model: ModelDescriptor) -> Double {
        model.marginalCost(inputTokens: baseline.inputTokens, outputTokens: baseline.outputTokens)
    }

    func baseline(_ task: TaskDescriptor) -> Baseline {
        var applied: [String] = []
        let inputTokens = task.predictedInputTokens ?? tokens(
            parameters.baseInputTokens, task,
            byComplexity: .inputTokensByComplexity, byDomain: .inputTokensByDomain, applied: &applied
        )
        let outputTokens = task.predictedOutputTokens ?? tokens(
            parameters.baseOutputTokens, task,
            byComplexity: .outputTokensByComplexity, byDomain: .outputTokensByDomain, applied: &applied
        )
        let valueScore = task.predictedValueScore ?? valueScore(task, applied: &applied)
        return Baseline(inputTokens: inputTokens, outputTokens: outputTokens, valueScore: valueScore, appliedAdjustments: applied)
    }

    private func tokens(
        _ base: Int64,
        _ task: TaskDescriptor,
        byComplexity: ParameterAdjustments.Kind,
        byDomain: ParameterAdjustments.Kind,
        applied: inout [String]
    ) -> Int64 {
        var x = Double(base) * parameters.complexityMultiplier(task.complexity) * parameters.domainTokenFactor(task.domain)
        x *= factor(byComplexity, task.complexity, &applied)
        x *= factor(byDomain, task.domain, &applied)
        return Self.roundedTokens(x)
    }

    private func valueScore(_ task: TaskDescriptor, applied: inout [String]) -> Double {
        let weight = parameters.priorityWeight(task.priority) * factor(.priorityWeight, task.priority, &applied)
        let modifier = parameters.domainModifier(task.domain) * factor(.domainModifier, task.domain, &applied)
        let score = weight * modifier
        return score.isNaN ? 0 : min(max(score, 0), 100)
    }

    private func factor(_ kind: ParameterAdjustments.Kind, _ label: String, _ applied: inout [String]) -> Double {
        guard let entry = adjustments.entry(kind, label) else { return 1 }
        applied.append(entry.name)
        return entry.factor
    }

    /// Nearest whole token, clamped to 0...maxTokens.
    ///
    /// Adding ½ and truncating instead of `rounded()`, which would make ArbiterCore link libm.
    static func roundedTokens(_ x: Double) -> Int64 {
        let limit = ExecutionLimits().maxTokens
        guard x > 0 else { return 0 }  // also NaN
        guard x < Double(limit) else { return limit }
        return Int64(x + 0.5)
    }
}
