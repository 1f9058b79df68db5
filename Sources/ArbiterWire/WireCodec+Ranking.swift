import ArbiterCore
import CArbiterProto

/// `TaskDescriptor`, `RankingRequest`, `EstimationResult` and `RankingResult` ⇔ their `arbiter.v1`
/// messages (`EstimateTask*`, `RankModels*`, `ModelEstimate`, `RankedModel`, `ExcludedCandidate`).
extension WireCodec {
    // MARK: - Task

    static func makeTask(
        _ task: TaskDescriptor,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__TaskDescriptor> {
        let message = arena.make(arbiter__v1__task_descriptor__init)
        arena.set(&message.pointee.task_id, to: task.taskID)
        arena.set(&message.pointee.priority, to: task.priority)
        arena.set(&message.pointee.domain, to: task.domain)
        arena.set(&message.pointee.complexity, to: task.complexity)
        arena.set(&message.pointee.task_title, to: task.taskTitle)
        if let tokens = task.predictedInputTokens {
            message.pointee.predicted_input_tokens_value_case =
                ARBITER__V1__TASK_DESCRIPTOR__PREDICTED_INPUT_TOKENS_VALUE_PREDICTED_INPUT_TOKENS
            message.pointee.predicted_input_tokens = tokens
        }
        if let tokens = task.predictedOutputTokens {
            message.pointee.predicted_output_tokens_value_case =
                ARBITER__V1__TASK_DESCRIPTOR__PREDICTED_OUTPUT_TOKENS_VALUE_PREDICTED_OUTPUT_TOKENS
            message.pointee.predicted_output_tokens = tokens
        }
        if let score = task.predictedValueScore {
            message.pointee.predicted_value_score_value_case =
                ARBITER__V1__TASK_DESCRIPTOR__PREDICTED_VALUE_SCORE_VALUE_PREDICTED_VALUE_SCORE
            message.pointee.predicted_value_score = score
        }
        return message
    }

    /// A missing task reads as an empty one (proto3 semantics), for the server to reject.
    /// Field paths in thrown errors are relative to the task (`domain`).
    static func task(from message: UnsafeMutablePointer<Arbiter__V1__TaskDescriptor>?) throws(ArbiterError) -> TaskDescriptor {
        guard let message else { return TaskDescriptor(priority: "", domain: "", complexity: "") }
        let m = message.pointee
        return TaskDescriptor(
            taskID: try string(m.task_id, field: "task_id"),
            priority: try string(m.priority, field: "priority"),
            domain: try string(m.domain, field: "domain"),
            complexity: try string(m.complexity, field: "complexity"),
            taskTitle: try string(m.task_title, field: "task_title"),
            predictedInputTokens: m.predicted_input_tokens_value_case
                == ARBITER__V1__TASK_DESCRIPTOR__PREDICTED_INPUT_TOKENS_VALUE_PREDICTED_INPUT_TOKENS
                ? m.predicted_input_tokens : nil,
            predictedOutputTokens: m.predicted_output_tokens_value_case
                == ARBITER__V1__TASK_DESCRIPTOR__PREDICTED_OUTPUT_TOKENS_VALUE_PREDICTED_OUTPUT_TOKENS
                ? m.predicted_output_tokens : nil,
            predictedValueScore: m.predicted_value_score_value_case
                == ARBITER__V1__TASK_DESCRIPTOR__PREDICTED_VALUE_SCORE_VALUE_PREDICTED_VALUE_SCORE
                ? m.predicted_value_score : nil
        )
    }

    /// `task` decoded with its errors nested under `task` (`task.domain`).
    private static func nestedTask(from message: UnsafeMutablePointer<Arbiter__V1__TaskDescriptor>?) throws(ArbiterError) -> TaskDescriptor {
        do throws(ArbiterError) {
            return try task(from: message)
        } catch {
            throw error.nested(under: "task")
        }
    }

    // MARK: - Requests

    static func makeEstimateRequest(
        _ task: TaskDescriptor,
        candidates: [String],
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__EstimateTaskRequest> {
        let message = arena.make(arbiter__v1__estimate_task_request__init)
        message.pointee.task = makeTask(task, in: arena)
        (message.pointee.n_candidates, message.pointee.candidates) = makeStrings(candidates, in: arena)
        return message
    }

    /// Field paths in thrown errors are relative to the request (`task.domain`, `candidates[2]`).
    static func estimateRequest(
        from message: UnsafeMutablePointer<Arbiter__V1__EstimateTaskRequest>?
    ) throws(ArbiterError) -> (task: TaskDescriptor, candidates: [String]) {
        let m = message?.pointee
        return (
            try nestedTask(from: m?.task),
            try modelNames(m?.candidates, count: m?.n_candidates ?? 0)
        )
    }

    /// The most model names a rank or estimate request may list (in `candidates`, and again in
    /// `failed_models`): far more than any catalog holds, and few enough that one request cannot
    /// keep the I/O thread, which answers these, busy for long.
    public static let maxCandidates = 1_000

    /// Model names, refused before any is converted when there are more than ``maxCandidates``.
    private static func modelNames(
        _ names: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?, count: Int, field: String = "candidates"
    ) throws(ArbiterError) -> [String] {
        guard count <= maxCandidates else {
            throw ArbiterError(
                .resourceExhausted, "\(count) \(field) is over the limit of \(maxCandidates)", field: field)
        }
        return try strings(names, count: count, field: field)
    }

    /// A negative `topK` (which `RankingRequest.validate()` rejects) is sent as 0, meaning all.
    static func makeRankingRequest(
        _ request: RankingRequest,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__RankModelsRequest> {
        let message = arena.make(arbiter__v1__rank_models_request__init)
        message.pointee.task = makeTask(request.task, in: arena)
        (message.pointee.n_candidates, message.pointee.candidates) = makeStrings(request.candidates, in: arena)
        arena.set(&message.pointee.strategy, to: request.strategy?.rawValue ?? "")
        message.pointee.top_k = UInt32(clamping: request.topK)
        if let seed = request.seed {
            message.pointee.seed_value_case = ARBITER__V1__RANK_MODELS_REQUEST__SEED_VALUE_SEED
            message.pointee.seed = seed
        }
        if let tolerance = request.qualityTolerance {
            message.pointee.quality_tolerance_value_case = ARBITER__V1__RANK_MODELS_REQUEST__QUALITY_TOLERANCE_VALUE_QUALITY_TOLERANCE
            message.pointee.quality_tolerance = tolerance
        }
        if let price = request.qualityPrice {
            message.pointee.quality_price_value_case = ARBITER__V1__RANK_MODELS_REQUEST__QUALITY_PRICE_VALUE_QUALITY_PRICE
            message.pointee.quality_price = price
        }
        (message.pointee.n_failed_models, message.pointee.failed_models) = makeStrings(request.failedModels, in: arena)
        return message
    }

    /// An empty strategy is nil (the server's default); an unknown one throws INVALID_ARGUMENT on
    /// `strategy`. Field paths in thrown errors are relative to the request (`task.domain`, `candidates[2]`).
    static func rankingRequest(
        from message: UnsafeMutablePointer<Arbiter__V1__RankModelsRequest>?
    ) throws(ArbiterError) -> RankingRequest {
        let m = message?.pointee
        let task = try nestedTask(from: m?.task)
        let candidates = try modelNames(m?.candidates, count: m?.n_candidates ?? 0)
        let failedModels = try modelNames(m?.failed_models, count: m?.n_failed_models ?? 0, field: "failed_models")
        let name = try string(m?.strategy, field: "strategy")
        return RankingRequest(
            task: task,
            candidates: candidates,
            strategy: name.isEmpty ? nil : try strategy(named: name, emptyMeansDefault: true),
            topK: int(m?.top_k ?? 0),
            seed: m?.seed_value_case == ARBITER__V1__RANK_MODELS_REQUEST__SEED_VALUE_SEED ? m?.seed : nil,
            qualityTolerance: m?.quality_tolerance_value_case == ARBITER__V1__RANK_MODELS_REQUEST__QUALITY_TOLERANCE_VALUE_QUALITY_TOLERANCE
                ? m?.quality_tolerance : nil,
            qualityPrice: m?.quality_price_value_case == ARBITER__V1__RANK_MODELS_REQUEST__QUALITY_PRICE_VALUE_QUALITY_PRICE
                ? m?.quality_price : nil,
            failedModels: failedModels
        )
    }

    /// Throws INVALID_ARGUMENT on `strategy` listing the valid names.
    private static func strategy(named name: String, emptyMeansDefault: Bool) throws(ArbiterError) -> RankingStrategy {
        if let strategy = RankingStrategy(rawValue: name) {
            return strategy
        }
        let names = RankingStrategy.allCases.map(\.rawValue)
        // The name comes from the peer: quote a bounded part of it.
        let prefix = name.prefix(64)
        let shown = prefix.endIndex == name.endIndex ? name : prefix + "…"
        let expected = names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
        throw ArbiterError(
            .invalidArgument,
            "unknown strategy \"\(shown)\"; expected \(expected)" + (emptyMeansDefault ? ", or empty for the server's default" : ""),
            field: "strategy"
        )
    }

    // MARK: - Estimates

    /// Per-estimate `appliedAdjustments` are not on the wire: the response carries
    /// `EstimationResult.appliedAdjustments` once, and decoding gives every estimate that list.
    static func makeEstimation(
        _ result: EstimationResult,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__EstimateTaskResponse> {
        let message = arena.make(arbiter__v1__estimate_task_response__init)
        (message.pointee.n_estimates, message.pointee.estimates) = makeMessages(result.estimates, in: arena) {
            makeEstimate($0, in: arena)
        }
        (message.pointee.n_applied_adjustments, message.pointee.applied_adjustments) =
            makeStrings(result.appliedAdjustments, in: arena)
        (message.pointee.n_excluded, message.pointee.excluded) = makeMessages(result.excluded, in: arena) {
            makeExcluded($0, in: arena)
        }
        arena.set(&message.pointee.ab_test_id, to: result.abTestID)
        arena.set(&message.pointee.ab_variant, to: result.abVariant)
        return message
    }

    /// Field paths in thrown errors are relative to the response (`estimates[1].model`).
    static func estimation(
        from message: UnsafeMutablePointer<Arbiter__V1__EstimateTaskResponse>?
    ) throws(ArbiterError) -> EstimationResult {
        guard let message else { return EstimationResult(estimates: [], appliedAdjustments: [], excluded: []) }
        let m = message.pointee
        let adjustments = try strings(m.applied_adjustments, count: m.n_applied_adjustments, field: "applied_adjustments")
        var estimates = try messages(m.estimates, count: m.n_estimates, field: "estimates", estimate(from:))
        if !adjustments.isEmpty {
            for index in estimates.indices {
                estimates[index].appliedAdjustments = adjustments
            }
        }
        return EstimationResult(
            estimates: estimates,
            appliedAdjustments: adjustments,
            excluded: try messages(m.excluded, count: m.n_excluded, field: "excluded", excluded(from:)),
            abTestID: try string(m.ab_test_id, field: "ab_test_id"),
            abVariant: try string(m.ab_variant, field: "ab_variant")
        )
    }

    private static func makeEstimate(
        _ estimate: TaskEstimate,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__ModelEstimate> {
        let message = arena.make(arbiter__v1__model_estimate__init)
        arena.set(&message.pointee.model, to: estimate.model)
        message.pointee.predicted_input_tokens = estimate.inputTokens
        message.pointee.predicted_output_tokens = estimate.outputTokens
        message.pointee.predicted_cost = estimate.cost
        message.pointee.predicted_value_score = estimate.valueScore
        return message
    }

    /// `appliedAdjustments` is empty: the message has no such field.
    private static func estimate(from message: UnsafeMutablePointer<Arbiter__V1__ModelEstimate>) throws(ArbiterError) -> TaskEstimate {
        let m = message.pointee
        return TaskEstimate(
            model: try string(m.model, field: "model"),
            inputTokens: m.predicted_input_tokens,
            outputTokens: m.predicted_output_tokens,
            cost: m.predicted_cost,
            valueScore: m.predicted_value_score
        )
    }

    // MARK: - Exclusions

    /// `reason` carries `ExcludedCandidate.message`, the sentence for people; `code` the reason for programs.
    private static func makeExcluded(
        _ excluded: ExcludedCandidate,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__ExcludedCandidate> {
        let message = arena.make(arbiter__v1__excluded_candidate__init)
        arena.set(&message.pointee.model, to: excluded.model)
        arena.set(&message.pointee.reason, to: excluded.message)
        message.pointee.code = switch excluded.reason {
        case .unknown: ARBITER__V1__EXCLUSION_REASON__UNKNOWN_MODEL
        case .disabled: ARBITER__V1__EXCLUSION_REASON__DISABLED
        case .quotaExhausted: ARBITER__V1__EXCLUSION_REASON__QUOTA_EXHAUSTED
        case .alreadyFailed: ARBITER__V1__EXCLUSION_REASON__ALREADY_FAILED
        }
        return message
    }

    private static func excluded(from message: UnsafeMutablePointer<Arbiter__V1__ExcludedCandidate>) throws(ArbiterError) -> ExcludedCandidate {
        let model = try string(message.pointee.model, field: "model")
        let reason: ExclusionReason
        switch message.pointee.code {
        case ARBITER__V1__EXCLUSION_REASON__UNKNOWN_MODEL: reason = .unknown
        case ARBITER__V1__EXCLUSION_REASON__DISABLED: reason = .disabled
        case ARBITER__V1__EXCLUSION_REASON__QUOTA_EXHAUSTED: reason = .quotaExhausted
        case ARBITER__V1__EXCLUSION_REASON__ALREADY_FAILED: reason = .alreadyFailed
        default: throw ArbiterError(.invalidArgument, "unknown exclusion reason \(message.pointee.code.rawValue)", field: "code")
        }
        return ExcludedCandidate(model: model, reason: reason)
    }

    // MARK: - Rankings

    /// A nil seed is sent as 0.
    static func makeRanking(
        _ result: RankingResult,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__RankModelsResponse> {
        let message = arena.make(arbiter__v1__rank_models_response__init)
        (message.pointee.n_models, message.pointee.models) = makeMessages(result.ranked, in: arena) { makeRanked($0, in: arena) }
        (message.pointee.n_excluded, message.pointee.excluded) = makeMessages(result.excluded, in: arena) {
            makeExcluded($0, in: arena)
        }
        arena.set(&message.pointee.strategy, to: result.strategy.rawValue)
        message.pointee.seed = result.seed ?? 0
        arena.set(&message.pointee.ab_test_id, to: result.abTestID)
        arena.set(&message.pointee.ab_variant, to: result.abVariant)
        return message
    }

    /// Seed 0 reads as nil. An unknown strategy, source or assignment reason throws INVALID_ARGUMENT
    /// naming it: none has a safe default. Field paths are relative to the response (`models[1].source`).
    static func ranking(from message: UnsafeMutablePointer<Arbiter__V1__RankModelsResponse>?) throws(ArbiterError) -> RankingResult {
        let m = message?.pointee
        return RankingResult(
            ranked: try messages(m?.models, count: m?.n_models ?? 0, field: "models", ranked(from:)),
            excluded: try messages(m?.excluded, count: m?.n_excluded ?? 0, field: "excluded", excluded(from:)),
            strategy: try strategy(named: try string(m?.strategy, field: "strategy"), emptyMeansDefault: false),
            seed: m?.seed == 0 ? nil : m?.seed,
            abTestID: try string(m?.ab_test_id, field: "ab_test_id"),
            abVariant: try string(m?.ab_variant, field: "ab_variant")
        )
    }

    private static func makeRanked(
        _ ranked: RankedModel,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__RankedModel> {
        let message = arena.make(arbiter__v1__ranked_model__init)
        arena.set(&message.pointee.model, to: ranked.model)
        message.pointee.score = ranked.score
        message.pointee.expected_quality = ranked.expectedQuality
        message.pointee.expected_success_rate = ranked.expectedSuccessRate
        message.pointee.expected_value_per_dollar = ranked.expectedValuePerDollar
        message.pointee.estimated_cost = ranked.estimatedCost
        message.pointee.confidence = ranked.confidence
        message.pointee.source = switch ranked.source {
        case .prior: ARBITER__V1__ESTIMATE_SOURCE__PRIOR
        case .blend: ARBITER__V1__ESTIMATE_SOURCE__BLEND
        case .learned: ARBITER__V1__ESTIMATE_SOURCE__LEARNED
        }
        arena.set(&message.pointee.assignment_reason, to: ranked.assignmentReason.rawValue)
        message.pointee.estimate = makeEstimate(ranked.estimate, in: arena)
        return message
    }

    /// A missing `estimate` reads as an all-default one (proto3 semantics); its
    /// `appliedAdjustments` is always empty, since `RankModelsResponse` does not carry them.
    private static func ranked(from message: UnsafeMutablePointer<Arbiter__V1__RankedModel>) throws(ArbiterError) -> RankedModel {
        let m = message.pointee
        let model = try string(m.model, field: "model")
        let source: ScoreSource
        switch m.source {
        case ARBITER__V1__ESTIMATE_SOURCE__PRIOR: source = .prior
        case ARBITER__V1__ESTIMATE_SOURCE__BLEND: source = .blend
        case ARBITER__V1__ESTIMATE_SOURCE__LEARNED: source = .learned
        default:
            throw ArbiterError(
                .invalidArgument, "unknown estimate source \(m.source.rawValue); expected PRIOR (1), BLEND (2) or LEARNED (3)",
                field: "source")
        }
        let reasonName = try string(m.assignment_reason, field: "assignment_reason")
        guard let reason = AssignmentReason(rawValue: reasonName) else {
            let names = AssignmentReason.allCases.map(\.rawValue).joined(separator: ", ")
            throw ArbiterError(
                .invalidArgument, "unknown assignment reason \"\(reasonName)\"; expected one of \(names)", field: "assignment_reason")
        }
        let estimate: TaskEstimate
        if let message = m.estimate {
            do throws(ArbiterError) {
                estimate = try self.estimate(from: message)
            } catch {
                throw error.nested(under: "estimate")
            }
        } else {
            estimate = TaskEstimate(model: "", inputTokens: 0, outputTokens: 0, cost: 0, valueScore: 0)
        }
        return RankedModel(
            model: model,
            score: m.score,
            expectedQuality: m.expected_quality,
            expectedSuccessRate: m.expected_success_rate,
            expectedValuePerDollar: m.expected_value_per_dollar,
            estimatedCost: m.estimated_cost,
            confidence: m.confidence,
            source: source,
            assignmentReason: reason,
            estimate: estimate
        )
    }
}
