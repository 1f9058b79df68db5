public import ArbiterCore
import CArbiterProto

/// The learning batch's messages (`learning.proto`) ⇔ their Swift values.
extension WireCodec {
    // MARK: - Adjustments

    /// A single Adjustment message: used by the server's write-ahead log and snapshots.
    public static func encode(_ adjustment: Adjustment) -> [UInt8] {
        ProtobufArena.withThreadArena { arena in
            pack(makeAdjustment(adjustment, in: arena), arbiter__v1__adjustment__get_packed_size, arbiter__v1__adjustment__pack)
        }
    }

    /// Throws MALFORMED_REQUEST for undecodable bytes; INVALID_ARGUMENT naming the field otherwise.
    public static func decodeAdjustment(_ bytes: UnsafeRawBufferPointer) throws(ArbiterError) -> Adjustment {
        try ProtobufArena.withThreadArena { arena throws(ArbiterError) in
            let message = try unpack(bytes, "adjustment (arbiter.v1.Adjustment)", in: arena, arbiter__v1__adjustment__unpack)
            return try adjustment(from: message)
        }
    }

    public static func encode(_ report: LearningReport) -> [UInt8] {
        ProtobufArena.withThreadArena { arena in
            pack(makeReport(report, in: arena), arbiter__v1__learning_report__get_packed_size, arbiter__v1__learning_report__pack)
        }
    }

    /// Throws MALFORMED_REQUEST for undecodable bytes; INVALID_ARGUMENT naming the field otherwise.
    public static func decodeLearningReport(_ bytes: UnsafeRawBufferPointer) throws(ArbiterError) -> LearningReport {
        try ProtobufArena.withThreadArena { arena throws(ArbiterError) in
            let message = try unpack(bytes, "learning report (arbiter.v1.LearningReport)", in: arena, arbiter__v1__learning_report__unpack)
            return try report(from: message)
        }
    }

    static func makeAdjustment(_ adjustment: Adjustment, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__Adjustment> {
        let message = arena.make(arbiter__v1__adjustment__init)
        arena.set(&message.pointee.id, to: adjustment.id)
        arena.set(&message.pointee.parameter_name, to: adjustment.parameterName)
        arena.set(&message.pointee.parameter_type, to: adjustment.parameterType.rawValue)
        message.pointee.original_value = adjustment.originalValue
        message.pointee.adjusted_value = adjustment.adjustedValue
        arena.set(&message.pointee.adjustment_reason, to: adjustment.adjustmentReason)
        message.pointee.confidence_score = adjustment.confidenceScore
        message.pointee.effective_date_ms = adjustment.effectiveDateMs
        message.pointee.created_at_ms = adjustment.createdAtMs
        message.pointee.status = makeStatus(adjustment.status)
        message.pointee.status_changed_at_ms = adjustment.statusChangedAtMs
        message.pointee.applied_sequence = adjustment.appliedSequence
        return message
    }

    static func adjustment(from message: UnsafeMutablePointer<Arbiter__V1__Adjustment>) throws(ArbiterError) -> Adjustment {
        let m = message.pointee
        guard let status = try adjustmentStatus(m.status, field: "status") else {
            throw ArbiterError(.invalidArgument, "an adjustment needs a status", field: "status")
        }
        return Adjustment(
            id: try string(m.id, field: "id"),
            parameterName: try string(m.parameter_name, field: "parameter_name"),
            parameterType: AdjustmentType(rawValue: try string(m.parameter_type, field: "parameter_type")),
            originalValue: m.original_value,
            adjustedValue: m.adjusted_value,
            adjustmentReason: try string(m.adjustment_reason, field: "adjustment_reason"),
            confidenceScore: m.confidence_score,
            effectiveDateMs: m.effective_date_ms,
            createdAtMs: m.created_at_ms,
            status: status,
            statusChangedAtMs: m.status_changed_at_ms,
            appliedSequence: m.applied_sequence)
    }

    private static func makeStatus(_ status: Adjustment.Status?) -> Arbiter__V1__AdjustmentStatus {
        switch status {
        case nil: ARBITER__V1__ADJUSTMENT_STATUS__ADJUSTMENT_STATUS_UNSPECIFIED
        case .proposed: ARBITER__V1__ADJUSTMENT_STATUS__ADJUSTMENT_STATUS_PROPOSED
        case .applied: ARBITER__V1__ADJUSTMENT_STATUS__ADJUSTMENT_STATUS_APPLIED
        case .rejected: ARBITER__V1__ADJUSTMENT_STATUS__ADJUSTMENT_STATUS_REJECTED
        }
    }

    /// nil for UNSPECIFIED; throws INVALID_ARGUMENT naming `field` for a number this build does not know.
    private static func adjustmentStatus(_ status: Arbiter__V1__AdjustmentStatus, field: String) throws(ArbiterError) -> Adjustment.Status? {
        switch status {
        case ARBITER__V1__ADJUSTMENT_STATUS__ADJUSTMENT_STATUS_UNSPECIFIED: return nil
        case ARBITER__V1__ADJUSTMENT_STATUS__ADJUSTMENT_STATUS_PROPOSED: return .proposed
        case ARBITER__V1__ADJUSTMENT_STATUS__ADJUSTMENT_STATUS_APPLIED: return .applied
        case ARBITER__V1__ADJUSTMENT_STATUS__ADJUSTMENT_STATUS_REJECTED: return .rejected
        default:
            throw ArbiterError(
                .invalidArgument, "unknown adjustment status \(status.rawValue); expected PROPOSED (1), APPLIED (2) or REJECTED (3)", field: field)
        }
    }

    private static func makeAdjustments(
        _ adjustments: [Adjustment], in arena: ProtobufArena
    ) -> (count: Int, array: UnsafeMutablePointer<UnsafeMutablePointer<Arbiter__V1__Adjustment>?>?) {
        makeMessages(adjustments, in: arena) { makeAdjustment($0, in: arena) }
    }

    // MARK: - Requests

    static func makeLearningRequest(_ request: LearningRequest, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__RunLearningRequest> {
        let message = arena.make(arbiter__v1__run_learning_request__init)
        if let asOfMs = request.asOfMs {
            message.pointee.as_of_value_case = ARBITER__V1__RUN_LEARNING_REQUEST__AS_OF_VALUE_AS_OF_MS
            message.pointee.as_of_ms = asOfMs
        }
        message.pointee.token_window_days = Int32(clamping: request.tokenWindowDays)
        message.pointee.value_window_days = Int32(clamping: request.valueWindowDays)
        message.pointee.cost_window_days = Int32(clamping: request.costWindowDays)
        message.pointee.dry_run = cBool(request.dryRun)
        return message
    }

    static func learningRequest(from message: UnsafeMutablePointer<Arbiter__V1__RunLearningRequest>?) -> LearningRequest {
        guard let m = message?.pointee else { return LearningRequest() }
        return LearningRequest(
            asOfMs: m.as_of_value_case == ARBITER__V1__RUN_LEARNING_REQUEST__AS_OF_VALUE_AS_OF_MS ? m.as_of_ms : nil,
            tokenWindowDays: Int(m.token_window_days),
            valueWindowDays: Int(m.value_window_days),
            costWindowDays: Int(m.cost_window_days),
            dryRun: bool(m.dry_run))
    }

    static func makeFilter(_ filter: AdjustmentFilter, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__ListAdjustmentsRequest> {
        let message = arena.make(arbiter__v1__list_adjustments_request__init)
        arena.set(&message.pointee.parameter_name, to: filter.parameterName)
        arena.set(&message.pointee.parameter_type, to: filter.parameterType?.rawValue ?? "")
        message.pointee.status = makeStatus(filter.status)
        if let from = filter.createdFromMs {
            message.pointee.created_from_value_case = ARBITER__V1__LIST_ADJUSTMENTS_REQUEST__CREATED_FROM_VALUE_CREATED_FROM_MS
            message.pointee.created_from_ms = from
        }
        if let to = filter.createdToMs {
            message.pointee.created_to_value_case = ARBITER__V1__LIST_ADJUSTMENTS_REQUEST__CREATED_TO_VALUE_CREATED_TO_MS
            message.pointee.created_to_ms = to
        }
        return message
    }

    /// Field paths in thrown errors are relative to the request (`status`).
    static func filter(from message: UnsafeMutablePointer<Arbiter__V1__ListAdjustmentsRequest>?) throws(ArbiterError) -> AdjustmentFilter {
        guard let m = message?.pointee else { return AdjustmentFilter() }
        let type = try string(m.parameter_type, field: "parameter_type")
        return AdjustmentFilter(
            parameterName: try string(m.parameter_name, field: "parameter_name"),
            parameterType: type.isEmpty ? nil : AdjustmentType(rawValue: type),
            status: try adjustmentStatus(m.status, field: "status"),
            createdFromMs: m.created_from_value_case == ARBITER__V1__LIST_ADJUSTMENTS_REQUEST__CREATED_FROM_VALUE_CREATED_FROM_MS ? m.created_from_ms : nil,
            createdToMs: m.created_to_value_case == ARBITER__V1__LIST_ADJUSTMENTS_REQUEST__CREATED_TO_VALUE_CREATED_TO_MS ? m.created_to_ms : nil)
    }

    static func makeReportRequest(_ request: ReportRequest, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__GetReportRequest> {
        let message = arena.make(arbiter__v1__get_report_request__init)
        message.pointee.format = Arbiter__V1__ReportFormat(rawValue: numericCast(request.format.rawValue))
        if let asOfMs = request.asOfMs {
            message.pointee.as_of_value_case = ARBITER__V1__GET_REPORT_REQUEST__AS_OF_VALUE_AS_OF_MS
            message.pointee.as_of_ms = asOfMs
        }
        return message
    }

    /// UNSPECIFIED reads as protobuf; an unknown format throws INVALID_ARGUMENT (field `format`).
    static func reportRequest(from message: UnsafeMutablePointer<Arbiter__V1__GetReportRequest>?) throws(ArbiterError) -> ReportRequest {
        guard let m = message?.pointee else { return ReportRequest() }
        let raw = Int(truncatingIfNeeded: m.format.rawValue)
        guard let format = raw == 0 ? .protobuf : ReportFormat(rawValue: raw) else {
            throw ArbiterError(.invalidArgument, "unknown report format \(raw); expected PROTOBUF (1), MARKDOWN (2) or HTML (3)", field: "format")
        }
        let asOfMs = m.as_of_value_case == ARBITER__V1__GET_REPORT_REQUEST__AS_OF_VALUE_AS_OF_MS ? m.as_of_ms : nil
        if let asOfMs, asOfMs < 0 {
            throw ArbiterError(.invalidArgument, "as_of_ms must not be negative; got \(asOfMs)", field: "as_of_ms")
        }
        return ReportRequest(format: format, asOfMs: asOfMs)
    }

    static func makeID<Message>(_ id: String, in arena: ProtobufArena, _ initialize: (UnsafeMutablePointer<Message>?) -> Void,
                                _ field: WritableKeyPath<Message, UnsafeMutablePointer<CChar>?>) -> UnsafeMutablePointer<Message> {
        let message = arena.make(initialize)
        arena.set(&message.pointee[keyPath: field], to: id)
        return message
    }

    // MARK: - Responses

    static func makeAdjustmentList(_ adjustments: [Adjustment], in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__ListAdjustmentsResponse> {
        let message = arena.make(arbiter__v1__list_adjustments_response__init)
        (message.pointee.n_adjustments, message.pointee.adjustments) = makeAdjustments(adjustments, in: arena)
        return message
    }

    static func adjustmentList(from message: UnsafeMutablePointer<Arbiter__V1__ListAdjustmentsResponse>?) throws(ArbiterError) -> [Adjustment] {
        try messages(message?.pointee.adjustments, count: message?.pointee.n_adjustments ?? 0, field: "adjustments", adjustment(from:))
    }

    /// The adjustment of an apply or reject response; a missing one is malformed.
    static func requiredAdjustment(_ message: UnsafeMutablePointer<Arbiter__V1__Adjustment>?) throws(ArbiterError) -> Adjustment {
        guard let message else { throw ArbiterError(.malformedRequest, "response has no adjustment", field: "adjustment") }
        do throws(ArbiterError) {
            return try adjustment(from: message)
        } catch {
            throw error.nested(under: "adjustment")
        }
    }

    static func makeParameters(_ parameters: [EffectiveParameter], in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__GetParametersResponse> {
        let message = arena.make(arbiter__v1__get_parameters_response__init)
        (message.pointee.n_parameters, message.pointee.parameters) = makeMessages(parameters, in: arena) { parameter in
            let item = arena.make(arbiter__v1__effective_parameter__init)
            arena.set(&item.pointee.name, to: parameter.name)
            item.pointee.value = parameter.value
            arena.set(&item.pointee.source, to: parameter.source.rawValue)
            if let adjustment = parameter.adjustment { item.pointee.adjustment = makeAdjustment(adjustment, in: arena) }
            return item
        }
        return message
    }

    static func parameters(from message: UnsafeMutablePointer<Arbiter__V1__GetParametersResponse>?) throws(ArbiterError) -> [EffectiveParameter] {
        try messages(message?.pointee.parameters, count: message?.pointee.n_parameters ?? 0, field: "parameters") { item throws(ArbiterError) in
            let m = item.pointee
            let source = try string(m.source, field: "source")
            guard let parsed = EffectiveParameter.Source(rawValue: source) else {
                throw ArbiterError(.invalidArgument, "unknown parameter source '\(source)'", field: "source")
            }
            var adjustment: Adjustment?
            if let nested = m.adjustment {
                do throws(ArbiterError) {
                    adjustment = try self.adjustment(from: nested)
                } catch {
                    throw error.nested(under: "adjustment")
                }
            }
            return EffectiveParameter(name: try string(m.name, field: "name"), value: m.value, source: parsed, adjustment: adjustment)
        }
    }

    static func makeReportDocument(_ document: ReportDocument, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__GetReportResponse> {
        let message = arena.make(arbiter__v1__get_report_response__init)
        message.pointee.report = makeReport(document.report, in: arena)
        arena.set(&message.pointee.document, to: document.document)
        return message
    }

    static func reportDocument(from message: UnsafeMutablePointer<Arbiter__V1__GetReportResponse>?) throws(ArbiterError) -> ReportDocument {
        let report: LearningReport
        do throws(ArbiterError) {
            report = try self.report(from: message?.pointee.report)
        } catch {
            throw error.nested(under: "report")
        }
        return ReportDocument(report: report, document: try string(message?.pointee.document, field: "document"))
    }

    static func makeLearningResponse(_ report: LearningReport, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__RunLearningResponse> {
        let message = arena.make(arbiter__v1__run_learning_response__init)
        message.pointee.report = makeReport(report, in: arena)
        return message
    }

    static func learningResponse(from message: UnsafeMutablePointer<Arbiter__V1__RunLearningResponse>?) throws(ArbiterError) -> LearningReport {
        do throws(ArbiterError) {
            return try report(from: message?.pointee.report)
        } catch {
            throw error.nested(under: "report")
        }
    }

    // MARK: - Report

    static func makeReport(_ report: LearningReport, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__LearningReport> {
        let message = arena.make(arbiter__v1__learning_report__init)
        message.pointee.as_of_ms = report.asOfMs
        message.pointee.dry_run = cBool(report.dryRun)
        message.pointee.graduation_threshold = report.graduationThreshold
        message.pointee.executions_stored = UInt64(clamping: report.executionsStored)
        message.pointee.settings = makeSettings(report.configuration, in: arena)

        let tokens = arena.make(arbiter__v1__token_calibration_report__init)
        tokens.pointee.window_start_ms = report.tokens.window.startMs
        tokens.pointee.window_end_ms = report.tokens.window.endMs
        tokens.pointee.executions = UInt64(clamping: report.tokens.executions)
        (tokens.pointee.n_groups, tokens.pointee.groups) = makeMessages(report.tokens.groups, in: arena) { group in
            let item = arena.make(arbiter__v1__token_calibration_group__init)
            arena.set(&item.pointee.dimension, to: group.dimension.rawValue)
            arena.set(&item.pointee.label, to: group.label)
            item.pointee.executions = UInt64(clamping: group.executions)
            item.pointee.mean_input_ratio = group.meanInputRatio
            item.pointee.mean_output_ratio = group.meanOutputRatio
            return item
        }
        (tokens.pointee.n_points, tokens.pointee.points) = makeMessages(report.tokens.points, in: arena) { point in
            let item = arena.make(arbiter__v1__token_point__init)
            arena.set(&item.pointee.complexity, to: point.complexity)
            item.pointee.predicted_input_tokens = point.predictedInputTokens
            item.pointee.actual_input_tokens = point.actualInputTokens
            item.pointee.predicted_output_tokens = point.predictedOutputTokens
            item.pointee.actual_output_tokens = point.actualOutputTokens
            return item
        }
        message.pointee.tokens = tokens

        let values = arena.make(arbiter__v1__value_calibration_report__init)
        values.pointee.window_start_ms = report.values.window.startMs
        values.pointee.window_end_ms = report.values.window.endMs
        values.pointee.executions = UInt64(clamping: report.values.executions)
        values.pointee.enough_data = cBool(report.values.enoughData)
        if let correlation = report.values.correlation {
            values.pointee.correlation_value_case = ARBITER__V1__VALUE_CALIBRATION_REPORT__CORRELATION_VALUE_CORRELATION
            values.pointee.correlation = correlation
        }
        values.pointee.priorities_examined = cBool(report.values.prioritiesExamined)
        (values.pointee.n_groups, values.pointee.groups) = makeMessages(report.values.groups, in: arena) { group in
            let item = arena.make(arbiter__v1__value_calibration_group__init)
            arena.set(&item.pointee.dimension, to: group.dimension.rawValue)
            arena.set(&item.pointee.label, to: group.label)
            item.pointee.executions = UInt64(clamping: group.executions)
            item.pointee.mean_predicted = group.meanPredicted
            item.pointee.mean_delivered = group.meanDelivered
            if let ratio = group.ratio {
                item.pointee.ratio_value_case = ARBITER__V1__VALUE_CALIBRATION_GROUP__RATIO_VALUE_RATIO
                item.pointee.ratio = ratio
            }
            return item
        }
        (values.pointee.n_points, values.pointee.points) = makeMessages(report.values.points, in: arena) { point in
            let item = arena.make(arbiter__v1__value_point__init)
            item.pointee.predicted = point.predicted
            item.pointee.delivered = point.delivered
            return item
        }
        message.pointee.values = values

        let costs = arena.make(arbiter__v1__cost_effectiveness_report__init)
        costs.pointee.window_start_ms = report.costs.window.startMs
        costs.pointee.window_end_ms = report.costs.window.endMs
        costs.pointee.premium_executions = UInt64(clamping: report.costs.premiumExecutions)
        costs.pointee.executions_with_saving = UInt64(clamping: report.costs.executionsWithSaving)
        costs.pointee.best_saving = report.costs.bestSaving
        (costs.pointee.n_opportunities, costs.pointee.opportunities) = makeMessages(report.costs.opportunities, in: arena) { opportunity in
            let item = arena.make(arbiter__v1__cost_opportunity__init)
            arena.set(&item.pointee.task_type, to: opportunity.taskType)
            arena.set(&item.pointee.priority, to: opportunity.priority)
            arena.set(&item.pointee.domain, to: opportunity.domain)
            arena.set(&item.pointee.complexity, to: opportunity.complexity)
            arena.set(&item.pointee.current_model, to: opportunity.currentModel)
            arena.set(&item.pointee.suggested_model, to: opportunity.suggestedModel)
            item.pointee.executions = UInt64(clamping: opportunity.executions)
            item.pointee.total_saving = opportunity.totalSaving
            item.pointee.mean_saving = opportunity.meanSaving
            item.pointee.quality_difference = opportunity.qualityDifference
            item.pointee.confidence = opportunity.confidence
            item.pointee.suggested_model_tasks = UInt64(clamping: opportunity.suggestedModelTasks)
            item.pointee.mean_actual_cost = opportunity.meanActualCost
            item.pointee.mean_suggested_cost = opportunity.meanSuggestedCost
            return item
        }
        message.pointee.costs = costs

        (message.pointee.n_adjustments, message.pointee.adjustments) = makeAdjustments(report.adjustments, in: arena)
        (message.pointee.n_value_per_dollar, message.pointee.value_per_dollar) = makeMessages(report.valuePerDollar, in: arena) { cell in
            let item = arena.make(arbiter__v1__value_per_dollar_cell__init)
            arena.set(&item.pointee.model, to: cell.model)
            arena.set(&item.pointee.task_type, to: cell.taskType)
            item.pointee.value_per_dollar = cell.valuePerDollar
            item.pointee.samples = UInt64(clamping: cell.samples)
            return item
        }
        (message.pointee.n_history, message.pointee.history) = makeAdjustments(report.history, in: arena)
        (message.pointee.n_sections, message.pointee.sections) = makeMessages(report.sections, in: arena) { section in
            let item = arena.make(arbiter__v1__report_section__init)
            arena.set(&item.pointee.title, to: section.title)
            (item.pointee.n_lines, item.pointee.lines) = makeStrings(section.lines, in: arena)
            return item
        }
        (message.pointee.n_ab_tests, message.pointee.ab_tests) = makeMessages(report.abTests, in: arena) { makeVerdictSummary($0, in: arena) }
        return message
    }

    /// Field paths in thrown errors are relative to the report (`tokens.groups[1].label`).
    static func report(from message: UnsafeMutablePointer<Arbiter__V1__LearningReport>?) throws(ArbiterError) -> LearningReport {
        guard let m = message?.pointee else { throw ArbiterError(.malformedRequest, "response has no report") }
        var tokens = TokenCalibration(window: LearningWindow(startMs: 0, endMs: 0))
        if let t = m.tokens?.pointee {
            do throws(ArbiterError) {
                tokens.window = LearningWindow(startMs: t.window_start_ms, endMs: t.window_end_ms)
                tokens.executions = int(t.executions)
                tokens.groups = try messages(t.groups, count: t.n_groups, field: "groups") { item throws(ArbiterError) in
                    let g = item.pointee
                    let dimension = try string(g.dimension, field: "dimension")
                    guard let parsed = TokenCalibration.Group.Dimension(rawValue: dimension) else {
                        throw ArbiterError(.invalidArgument, "unknown dimension '\(dimension)'", field: "dimension")
                    }
                    return TokenCalibration.Group(
                        dimension: parsed, label: try string(g.label, field: "label"), executions: int(g.executions),
                        meanInputRatio: g.mean_input_ratio, meanOutputRatio: g.mean_output_ratio)
                }
                tokens.points = try messages(t.points, count: t.n_points, field: "points") { item throws(ArbiterError) in
                    let p = item.pointee
                    return TokenCalibration.Point(
                        complexity: try string(p.complexity, field: "complexity"),
                        predictedInputTokens: p.predicted_input_tokens, actualInputTokens: p.actual_input_tokens,
                        predictedOutputTokens: p.predicted_output_tokens, actualOutputTokens: p.actual_output_tokens)
                }
            } catch {
                throw error.nested(under: "tokens")
            }
        }
        var values = ValueCalibration(window: LearningWindow(startMs: 0, endMs: 0))
        if let v = m.values?.pointee {
            do throws(ArbiterError) {
                values.window = LearningWindow(startMs: v.window_start_ms, endMs: v.window_end_ms)
                values.executions = int(v.executions)
                values.enoughData = bool(v.enough_data)
                values.correlation = v.correlation_value_case == ARBITER__V1__VALUE_CALIBRATION_REPORT__CORRELATION_VALUE_CORRELATION ? v.correlation : nil
                values.prioritiesExamined = bool(v.priorities_examined)
                values.groups = try messages(v.groups, count: v.n_groups, field: "groups") { item throws(ArbiterError) in
                    let g = item.pointee
                    let dimension = try string(g.dimension, field: "dimension")
                    guard let parsed = ValueCalibration.Group.Dimension(rawValue: dimension) else {
                        throw ArbiterError(.invalidArgument, "unknown dimension '\(dimension)'", field: "dimension")
                    }
                    return ValueCalibration.Group(
                        dimension: parsed, label: try string(g.label, field: "label"), executions: int(g.executions),
                        meanPredicted: g.mean_predicted, meanDelivered: g.mean_delivered)
                }
                values.points = try messages(v.points, count: v.n_points, field: "points") { item in
                    ValueCalibration.Point(predicted: item.pointee.predicted, delivered: item.pointee.delivered)
                }
            } catch {
                throw error.nested(under: "values")
            }
        }
        var costs = CostEffectiveness(window: LearningWindow(startMs: 0, endMs: 0))
        if let c = m.costs?.pointee {
            do throws(ArbiterError) {
                costs.window = LearningWindow(startMs: c.window_start_ms, endMs: c.window_end_ms)
                costs.premiumExecutions = int(c.premium_executions)
                costs.executionsWithSaving = int(c.executions_with_saving)
                costs.bestSaving = c.best_saving
                costs.opportunities = try messages(c.opportunities, count: c.n_opportunities, field: "opportunities") { item throws(ArbiterError) in
                    let o = item.pointee
                    return CostEffectiveness.Opportunity(
                        priority: try string(o.priority, field: "priority"), domain: try string(o.domain, field: "domain"),
                        complexity: try string(o.complexity, field: "complexity"),
                        currentModel: try string(o.current_model, field: "current_model"),
                        suggestedModel: try string(o.suggested_model, field: "suggested_model"),
                        executions: int(o.executions), totalSaving: o.total_saving, qualityDifference: o.quality_difference,
                        confidence: o.confidence, suggestedModelTasks: int(o.suggested_model_tasks),
                        meanActualCost: o.mean_actual_cost, meanSuggestedCost: o.mean_suggested_cost)
                }
            } catch {
                throw error.nested(under: "costs")
            }
        }
        return LearningReport(
            asOfMs: m.as_of_ms, dryRun: bool(m.dry_run), graduationThreshold: m.graduation_threshold,
            executionsStored: int(m.executions_stored), tokens: tokens, values: values, costs: costs,
            adjustments: try messages(m.adjustments, count: m.n_adjustments, field: "adjustments", adjustment(from:)),
            valuePerDollar: try messages(m.value_per_dollar, count: m.n_value_per_dollar, field: "value_per_dollar") { item throws(ArbiterError) in
                ValuePerDollarCell(
                    model: try string(item.pointee.model, field: "model"), taskType: try string(item.pointee.task_type, field: "task_type"),
                    valuePerDollar: item.pointee.value_per_dollar, samples: int(item.pointee.samples))
            },
            history: try messages(m.history, count: m.n_history, field: "history", adjustment(from:)),
            sections: try messages(m.sections, count: m.n_sections, field: "sections") { item throws(ArbiterError) in
                LearningReportSection(
                    title: try string(item.pointee.title, field: "title"),
                    lines: try strings(item.pointee.lines, count: item.pointee.n_lines, field: "lines"))
            },
            abTests: try messages(m.ab_tests, count: m.n_ab_tests, field: "ab_tests", verdictSummary(from:)),
            configuration: m.settings.map { settings(from: $0.pointee) })
    }

    static func makeSettings(_ c: LearningConfiguration, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__LearningSettings> {
        let s = arena.make(arbiter__v1__learning_settings__init)
        s.pointee.token_window_days = UInt32(clamping: c.tokenWindowDays)
        s.pointee.token_ratio_tolerance = c.tokenRatioTolerance
        s.pointee.token_full_confidence_count = UInt32(clamping: c.tokenFullConfidenceCount)
        s.pointee.value_window_days = UInt32(clamping: c.valueWindowDays)
        s.pointee.value_minimum_executions = UInt32(clamping: c.valueMinimumExecutions)
        s.pointee.correlation_threshold = c.correlationThreshold
        s.pointee.value_ratio_tolerance = c.valueRatioTolerance
        s.pointee.priority_full_confidence_count = UInt32(clamping: c.priorityFullConfidenceCount)
        s.pointee.domain_minimum_executions = UInt32(clamping: c.domainMinimumExecutions)
        s.pointee.domain_full_confidence_count = UInt32(clamping: c.domainFullConfidenceCount)
        s.pointee.cost_window_days = UInt32(clamping: c.costWindowDays)
        s.pointee.maximum_quality_loss = c.maximumQualityLoss
        s.pointee.minimum_saving = c.minimumSaving
        s.pointee.cost_full_confidence_count = UInt32(clamping: c.costFullConfidenceCount)
        s.pointee.cost_logging_confidence = c.costLoggingConfidence
        s.pointee.graduation_threshold = c.graduationThreshold
        return s
    }

    static func settings(from s: Arbiter__V1__LearningSettings) -> LearningConfiguration {
        var c = LearningConfiguration()
        c.tokenWindowDays = Int(s.token_window_days)
        c.tokenRatioTolerance = s.token_ratio_tolerance
        c.tokenFullConfidenceCount = Int(s.token_full_confidence_count)
        c.valueWindowDays = Int(s.value_window_days)
        c.valueMinimumExecutions = Int(s.value_minimum_executions)
        c.correlationThreshold = s.correlation_threshold
        c.valueRatioTolerance = s.value_ratio_tolerance
        c.priorityFullConfidenceCount = Int(s.priority_full_confidence_count)
        c.domainMinimumExecutions = Int(s.domain_minimum_executions)
        c.domainFullConfidenceCount = Int(s.domain_full_confidence_count)
        c.costWindowDays = Int(s.cost_window_days)
        c.maximumQualityLoss = s.maximum_quality_loss
        c.minimumSaving = s.minimum_saving
        c.costFullConfidenceCount = Int(s.cost_full_confidence_count)
        c.costLoggingConfidence = s.cost_logging_confidence
        c.graduationThreshold = s.graduation_threshold
        return c
    }
}
