public import ArbiterCore
import CArbiterProto
import CProtobufC

/// Converts the wire messages to and from protobuf bytes (`proto/arbiter/v1/arbiter.proto`).
///
/// Backed by protobuf-c with a per-thread arena, so a call makes no `malloc` for the C
/// structs in the steady state. Strings are validated as UTF-8 on decode, and a request string
/// holding NUL is refused; on encode a string is cut at its first NUL (C strings cannot hold
/// one; the server's validator rejects such strings before they get here).
public enum WireCodec {
    // MARK: - Requests

    public static func encode(_ request: WireRequest) -> [UInt8] {
        ProtobufArena.withThreadArena { arena in
            let message = arena.make(arbiter__v1__request__init)
            message.pointee.request_id = request.requestID
            switch request.method {
            case .recordExecution(let execution):
                let payload = arena.make(arbiter__v1__record_execution_request__init)
                payload.pointee.execution = makeExecution(execution, in: arena)
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_RECORD_EXECUTION
                message.pointee.record_execution = payload
            case .recordExecutions(let executions):
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_RECORD_EXECUTIONS
                message.pointee.record_executions = makeExecutions(executions, in: arena)
            case .getPerformance(let query):
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_GET_PERFORMANCE
                message.pointee.get_performance = makeQuery(query, in: arena)
            case .getStatus:
                // An empty message still needs a struct: the packer skips a NULL oneof member.
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_GET_STATUS
                message.pointee.get_status = arena.make(arbiter__v1__get_status_request__init)
            case .listModels:
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_LIST_MODELS
                message.pointee.list_models = arena.make(arbiter__v1__list_models_request__init)
            case .reloadCatalog(let path):
                let payload = arena.make(arbiter__v1__reload_catalog_request__init)
                arena.set(&payload.pointee.path, to: path)
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_RELOAD_CATALOG
                message.pointee.reload_catalog = payload
            case .estimateTask(let task, let candidates):
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_ESTIMATE_TASK
                message.pointee.estimate_task = makeEstimateRequest(task, candidates: candidates, in: arena)
            case .rankModels(let ranking):
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_RANK_MODELS
                message.pointee.rank_models = makeRankingRequest(ranking, in: arena)
            case .getSubscriptionUsage(let model):
                let payload = arena.make(arbiter__v1__get_subscription_usage_request__init)
                arena.set(&payload.pointee.model, to: model)
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_GET_SUBSCRIPTION_USAGE
                message.pointee.get_subscription_usage = payload

            // Learning batch.
            case .runLearning(let learning):
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_RUN_LEARNING
                message.pointee.run_learning = makeLearningRequest(learning, in: arena)
            case .listAdjustments(let filter):
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_LIST_ADJUSTMENTS
                message.pointee.list_adjustments = makeFilter(filter, in: arena)
            case .applyAdjustment(let id):
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_APPLY_ADJUSTMENT
                message.pointee.apply_adjustment = makeID(id, in: arena, arbiter__v1__apply_adjustment_request__init, \.id)
            case .rejectAdjustment(let id):
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_REJECT_ADJUSTMENT
                message.pointee.reject_adjustment = makeID(id, in: arena, arbiter__v1__reject_adjustment_request__init, \.id)
            case .getParameters:
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_GET_PARAMETERS
                message.pointee.get_parameters = arena.make(arbiter__v1__get_parameters_request__init)
            case .getReport(let report):
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_GET_REPORT
                message.pointee.get_report = makeReportRequest(report, in: arena)
            case .createAbTest, .getAbTest, .listAbTests, .stopAbTest, .assignVariant, .analyzeAbTest, .graduateAbTest, .abStatistics:
                makeAbTestRequest(request.method, into: message, in: arena)
            case .listAlerts(let query):
                message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_LIST_ALERTS
                message.pointee.list_alerts = makeAlertQuery(query, in: arena)
            }
            return pack(message, arbiter__v1__request__get_packed_size, arbiter__v1__request__pack)
        }
    }

    /// Throws MALFORMED_REQUEST for bytes that are not a Request or a Request with no method set;
    /// UNIMPLEMENTED for a method this build does not map to `WireRequest.Method`; INVALID_ARGUMENT naming the field
    /// relative to the method's request message (e.g. `execution.task_id`, `executions[3].domain`,
    /// `task.domain`, `candidates[2]`) for a string that is not valid UTF-8 or holds a NUL; unknown Dimension enum values
    /// in group_by → INVALID_ARGUMENT field `group_by`; a rank_models strategy that is neither empty nor a
    /// `RankingStrategy` → INVALID_ARGUMENT field `strategy`; RESOURCE_EXHAUSTED when memory ran out, or for a batch of more than
    /// `maxBatchSize` executions (field `executions`), checked before any of it is converted so a
    /// hostile frame of empty executions cannot become a million Swift values.
    public static func decodeRequest(_ bytes: UnsafeRawBufferPointer, maxBatchSize: Int = .max) throws(ArbiterError) -> WireRequest {
        try ProtobufArena.withThreadArena { arena throws(ArbiterError) in
            let message = try unpack(bytes, "request (arbiter.v1.Request)", in: arena, arbiter__v1__request__unpack)
            try refuseNULInStrings(of: message, unpackedFrom: bytes)
            let m = message.pointee
            let method: WireRequest.Method
            switch m.method_case {
            case ARBITER__V1__REQUEST__METHOD_RECORD_EXECUTION:
                do throws(ArbiterError) {
                    method = .recordExecution(try execution(from: m.record_execution?.pointee.execution))
                } catch {
                    throw error.nested(under: "execution")
                }
            case ARBITER__V1__REQUEST__METHOD_RECORD_EXECUTIONS:
                let count = m.record_executions?.pointee.n_executions ?? 0
                guard count <= maxBatchSize else {
                    throw ArbiterError(
                        .resourceExhausted,
                        "batch of \(count) executions is over the limit of \(maxBatchSize); split it",
                        field: "executions")
                }
                method = .recordExecutions(try executions(from: m.record_executions))
            case ARBITER__V1__REQUEST__METHOD_GET_PERFORMANCE:
                method = .getPerformance(try query(from: m.get_performance))
            case ARBITER__V1__REQUEST__METHOD_GET_STATUS:
                method = .getStatus
            case ARBITER__V1__REQUEST__METHOD_LIST_MODELS:
                method = .listModels
            case ARBITER__V1__REQUEST__METHOD_RELOAD_CATALOG:
                method = .reloadCatalog(path: try string(m.reload_catalog?.pointee.path, field: "path"))
            case ARBITER__V1__REQUEST__METHOD_ESTIMATE_TASK:
                let (task, candidates) = try estimateRequest(from: m.estimate_task)
                method = .estimateTask(task: task, candidates: candidates)
            case ARBITER__V1__REQUEST__METHOD_RANK_MODELS:
                method = .rankModels(try rankingRequest(from: m.rank_models))
            case ARBITER__V1__REQUEST__METHOD_GET_SUBSCRIPTION_USAGE:
                method = .getSubscriptionUsage(model: try string(m.get_subscription_usage?.pointee.model, field: "model"))

            // Learning batch.
            case ARBITER__V1__REQUEST__METHOD_RUN_LEARNING:
                method = .runLearning(learningRequest(from: m.run_learning))
            case ARBITER__V1__REQUEST__METHOD_LIST_ADJUSTMENTS:
                method = .listAdjustments(try filter(from: m.list_adjustments))
            case ARBITER__V1__REQUEST__METHOD_APPLY_ADJUSTMENT:
                method = .applyAdjustment(id: try string(m.apply_adjustment?.pointee.id, field: "id"))
            case ARBITER__V1__REQUEST__METHOD_REJECT_ADJUSTMENT:
                method = .rejectAdjustment(id: try string(m.reject_adjustment?.pointee.id, field: "id"))
            case ARBITER__V1__REQUEST__METHOD_GET_PARAMETERS:
                method = .getParameters
            case ARBITER__V1__REQUEST__METHOD_GET_REPORT:
                method = .getReport(try reportRequest(from: m.get_report))
            case ARBITER__V1__REQUEST__METHOD_LIST_ALERTS:
                method = .listAlerts(try alertQuery(from: m.list_alerts))
            case ARBITER__V1__REQUEST__METHOD__NOT_SET:
                if let field = unknownOneofField(of: m.base) {
                    throw ArbiterError(.unimplemented, "unknown method (Request field \(field))")
                }
                throw ArbiterError(.malformedRequest, "request has no method")
            default:
                if let abTesting = try abTestRequest(from: m) {
                    method = abTesting
                    break
                }
                // In the proto but not (yet) in `WireRequest.Method`.
                throw ArbiterError(.unimplemented, "method \(m.method_case.rawValue) is not implemented")
            }
            return WireRequest(requestID: m.request_id, method: method)
        }
    }

    public static func decodeRequest(_ bytes: [UInt8], maxBatchSize: Int = .max) throws(ArbiterError) -> WireRequest {
        // `withUnsafeBytes` rethrows untyped errors; a Result carries the typed one across.
        try bytes.withUnsafeBytes { raw in Result { () throws(ArbiterError) in try decodeRequest(raw, maxBatchSize: maxBatchSize) } }.get()
    }

    // MARK: - Responses

    /// A failure carries only `error`; a success only its `result`.
    public static func encode(_ response: WireResponse) -> [UInt8] {
        // The hot response, written directly (the same bytes protobuf-c would pack).
        if case .success(.rankModels(let ranking)) = response.result {
            return encodeRankingResponse(requestID: response.requestID, ranking)
        }
        return encodeWithProtobufC(response)
    }

    /// `encode(_:)` through protobuf-c for every response, the hot one too; tests compare the two.
    static func encodeWithProtobufC(_ response: WireResponse) -> [UInt8] {
        ProtobufArena.withThreadArena { arena in
            let message = arena.make(arbiter__v1__response__init)
            message.pointee.request_id = response.requestID
            switch response.result {
            case .failure(let error):
                message.pointee.error = makeError(error, in: arena)
            case .success(.recordExecution(let outcome)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_RECORD_EXECUTION
                message.pointee.record_execution = makeOutcome(outcome, in: arena)
            case .success(.recordExecutions(let outcome)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_RECORD_EXECUTIONS
                message.pointee.record_executions = makeBatchOutcome(outcome, in: arena)
            case .success(.getPerformance(let rows)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_GET_PERFORMANCE
                message.pointee.get_performance = makeRows(rows, in: arena)
            case .success(.getStatus(let status)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_GET_STATUS
                message.pointee.get_status = makeStatus(status, in: arena)
            case .success(.listModels(let catalog)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_LIST_MODELS
                message.pointee.list_models = makeCatalog(catalog, in: arena)
            case .success(.reloadCatalog(let catalog)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_RELOAD_CATALOG
                message.pointee.reload_catalog = makeReloadedCatalog(catalog, in: arena)
            case .success(.estimateTask(let estimation)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_ESTIMATE_TASK
                message.pointee.estimate_task = makeEstimation(estimation, in: arena)
            case .success(.rankModels(let ranking)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_RANK_MODELS
                message.pointee.rank_models = makeRanking(ranking, in: arena)
            case .success(.getSubscriptionUsage(let usage)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_GET_SUBSCRIPTION_USAGE
                message.pointee.get_subscription_usage = makeUsage(usage, in: arena)

            // Learning batch.
            case .success(.runLearning(let report)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_RUN_LEARNING
                message.pointee.run_learning = makeLearningResponse(report, in: arena)
            case .success(.listAdjustments(let adjustments)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_LIST_ADJUSTMENTS
                message.pointee.list_adjustments = makeAdjustmentList(adjustments, in: arena)
            case .success(.applyAdjustment(let adjustment)):
                let payload = arena.make(arbiter__v1__apply_adjustment_response__init)
                payload.pointee.adjustment = makeAdjustment(adjustment, in: arena)
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_APPLY_ADJUSTMENT
                message.pointee.apply_adjustment = payload
            case .success(.rejectAdjustment(let adjustment)):
                let payload = arena.make(arbiter__v1__reject_adjustment_response__init)
                payload.pointee.adjustment = makeAdjustment(adjustment, in: arena)
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_REJECT_ADJUSTMENT
                message.pointee.reject_adjustment = payload
            case .success(.getParameters(let parameters)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_GET_PARAMETERS
                message.pointee.get_parameters = makeParameters(parameters, in: arena)
            case .success(.getReport(let document)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_GET_REPORT
                message.pointee.get_report = makeReportDocument(document, in: arena)
            case .success(.listAlerts(let page)):
                message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_LIST_ALERTS
                message.pointee.list_alerts = makeAlertPage(page, in: arena)
            case .success(let payload):
                makeAbTestResponse(payload, into: message, in: arena)
            }
            return pack(message, arbiter__v1__response__get_packed_size, arbiter__v1__response__pack)
        }
    }

    /// Throws MALFORMED_REQUEST (message says "response") for undecodable bytes or a response
    /// with neither error nor result; UNIMPLEMENTED for a result this build does not map to
    /// `WireResponse.Payload`; INVALID_ARGUMENT naming the field for a string that is not
    /// valid UTF-8 (e.g. `get_performance.rows[2].model`) or an enum value or name this build does not
    /// know (e.g. `rank_models.models[0].source`, `list_models.models[1].tier`).
    public static func decodeResponse(_ bytes: UnsafeRawBufferPointer) throws(ArbiterError) -> WireResponse {
        // The hot response in its canonical shape is read directly; anything else, protobuf-c decides.
        if let ranking = decodeRankingResponse(bytes) {
            return ranking
        }
        return try decodeWithProtobufC(bytes)
    }

    /// `decodeResponse(_:)` through protobuf-c for every response, the hot one too; tests compare the two.
    static func decodeWithProtobufC(_ bytes: UnsafeRawBufferPointer) throws(ArbiterError) -> WireResponse {
        try ProtobufArena.withThreadArena { arena throws(ArbiterError) in
            let message = try unpack(bytes, "response (arbiter.v1.Response)", in: arena, arbiter__v1__response__unpack)
            let m = message.pointee
            if let error = m.error, error.pointee.code.rawValue != 0 {
                do throws(ArbiterError) {
                    return WireResponse(requestID: m.request_id, result: .failure(try arbiterError(from: error)))
                } catch {
                    throw error.nested(under: "error")
                }
            }
            let payload: WireResponse.Payload
            switch m.result_case {
            case ARBITER__V1__RESPONSE__RESULT_RECORD_EXECUTION:
                do throws(ArbiterError) {
                    payload = .recordExecution(try outcome(from: m.record_execution))
                } catch {
                    throw error.nested(under: "record_execution")
                }
            case ARBITER__V1__RESPONSE__RESULT_RECORD_EXECUTIONS:
                do throws(ArbiterError) {
                    payload = .recordExecutions(try batchOutcome(from: m.record_executions))
                } catch {
                    throw error.nested(under: "record_executions")
                }
            case ARBITER__V1__RESPONSE__RESULT_GET_PERFORMANCE:
                do throws(ArbiterError) {
                    payload = .getPerformance(try rows(from: m.get_performance))
                } catch {
                    throw error.nested(under: "get_performance")
                }
            case ARBITER__V1__RESPONSE__RESULT_GET_STATUS:
                do throws(ArbiterError) {
                    payload = .getStatus(try status(from: m.get_status))
                } catch {
                    throw error.nested(under: "get_status")
                }
            case ARBITER__V1__RESPONSE__RESULT_LIST_MODELS:
                do throws(ArbiterError) {
                    payload = .listModels(try catalog(from: m.list_models))
                } catch {
                    throw error.nested(under: "list_models")
                }
            case ARBITER__V1__RESPONSE__RESULT_RELOAD_CATALOG:
                do throws(ArbiterError) {
                    payload = .reloadCatalog(try reloadedCatalog(from: m.reload_catalog))
                } catch {
                    throw error.nested(under: "reload_catalog")
                }
            case ARBITER__V1__RESPONSE__RESULT_ESTIMATE_TASK:
                do throws(ArbiterError) {
                    payload = .estimateTask(try estimation(from: m.estimate_task))
                } catch {
                    throw error.nested(under: "estimate_task")
                }
            case ARBITER__V1__RESPONSE__RESULT_RANK_MODELS:
                do throws(ArbiterError) {
                    payload = .rankModels(try ranking(from: m.rank_models))
                } catch {
                    throw error.nested(under: "rank_models")
                }
            case ARBITER__V1__RESPONSE__RESULT_GET_SUBSCRIPTION_USAGE:
                do throws(ArbiterError) {
                    payload = .getSubscriptionUsage(try usage(from: m.get_subscription_usage))
                } catch {
                    throw error.nested(under: "get_subscription_usage")
                }

            // Learning batch.
            case ARBITER__V1__RESPONSE__RESULT_RUN_LEARNING:
                do throws(ArbiterError) {
                    payload = .runLearning(try learningResponse(from: m.run_learning))
                } catch {
                    throw error.nested(under: "run_learning")
                }
            case ARBITER__V1__RESPONSE__RESULT_LIST_ADJUSTMENTS:
                do throws(ArbiterError) {
                    payload = .listAdjustments(try adjustmentList(from: m.list_adjustments))
                } catch {
                    throw error.nested(under: "list_adjustments")
                }
            case ARBITER__V1__RESPONSE__RESULT_APPLY_ADJUSTMENT:
                do throws(ArbiterError) {
                    payload = .applyAdjustment(try requiredAdjustment(m.apply_adjustment?.pointee.adjustment))
                } catch {
                    throw error.nested(under: "apply_adjustment")
                }
            case ARBITER__V1__RESPONSE__RESULT_REJECT_ADJUSTMENT:
                do throws(ArbiterError) {
                    payload = .rejectAdjustment(try requiredAdjustment(m.reject_adjustment?.pointee.adjustment))
                } catch {
                    throw error.nested(under: "reject_adjustment")
                }
            case ARBITER__V1__RESPONSE__RESULT_GET_PARAMETERS:
                do throws(ArbiterError) {
                    payload = .getParameters(try parameters(from: m.get_parameters))
                } catch {
                    throw error.nested(under: "get_parameters")
                }
            case ARBITER__V1__RESPONSE__RESULT_GET_REPORT:
                do throws(ArbiterError) {
                    payload = .getReport(try reportDocument(from: m.get_report))
                } catch {
                    throw error.nested(under: "get_report")
                }
            case ARBITER__V1__RESPONSE__RESULT_LIST_ALERTS:
                do throws(ArbiterError) {
                    payload = .listAlerts(try alertPage(from: m.list_alerts))
                } catch {
                    throw error.nested(under: "list_alerts")
                }
            case ARBITER__V1__RESPONSE__RESULT__NOT_SET:
                if let field = unknownOneofField(of: m.base) {
                    throw ArbiterError(.unimplemented, "unknown result (Response field \(field))")
                }
                throw ArbiterError(.malformedRequest, "response has neither an error nor a result")
            default:
                if let abTesting = try abTestResponse(from: m) {
                    payload = abTesting
                    break
                }
                // In the proto but not (yet) in `WireResponse.Payload`.
                throw ArbiterError(.unimplemented, "result \(m.result_case.rawValue) is not implemented")
            }
            return WireResponse(requestID: m.request_id, result: .success(payload))
        }
    }

    public static func decodeResponse(_ bytes: [UInt8]) throws(ArbiterError) -> WireResponse {
        // `withUnsafeBytes` rethrows untyped errors; a Result carries the typed one across.
        try bytes.withUnsafeBytes { raw in Result { () throws(ArbiterError) in try decodeResponse(raw) } }.get()
    }

    // MARK: - Single executions

    /// A single TaskExecution message: used by the server's write-ahead log and snapshots.
    public static func encode(_ execution: TaskExecution) -> [UInt8] {
        ProtobufArena.withThreadArena { arena in
            pack(makeExecution(execution, in: arena), arbiter__v1__task_execution__get_packed_size, arbiter__v1__task_execution__pack)
        }
    }

    /// Throws MALFORMED_REQUEST for undecodable bytes; INVALID_ARGUMENT naming the field
    /// relative to the execution (`task_id`) for a string that is not valid UTF-8.
    public static func decodeExecution(_ bytes: UnsafeRawBufferPointer) throws(ArbiterError) -> TaskExecution {
        try ProtobufArena.withThreadArena { arena throws(ArbiterError) in
            let message = try unpack(bytes, "execution (arbiter.v1.TaskExecution)", in: arena, arbiter__v1__task_execution__unpack)
            return try execution(from: UnsafePointer(message))
        }
    }

    // MARK: - protobuf-c plumbing

    static func pack<Message>(
        _ message: UnsafeMutablePointer<Message>,
        _ packedSize: (UnsafePointer<Message>?) -> Int,
        _ pack: (UnsafePointer<Message>?, UnsafeMutablePointer<UInt8>?) -> Int
    ) -> [UInt8] {
        let size = packedSize(message)
        guard size > 0 else { return [] }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            count = pack(message, buffer.baseAddress)
            precondition(count == size, "protobuf-c packed \(count) bytes, expected \(size)")
        }
    }

    static func unpack<Message>(
        _ bytes: UnsafeRawBufferPointer,
        _ what: String,
        in arena: ProtobufArena,
        _ unpack: (UnsafeMutablePointer<ProtobufCAllocator>?, Int, UnsafePointer<UInt8>?) -> UnsafeMutablePointer<Message>?
    ) throws(ArbiterError) -> UnsafeMutablePointer<Message> {
        var allocator = arena.allocator
        arena.byteLimit = ProtobufArena.decodeByteLimit
        let data = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        let message = unpack(&allocator, bytes.count, data)
        arena.byteLimit = .max
        if let message {
            return message
        }
        // protobuf-c reports both failures as NULL; only the arena knows which one it was.
        if arena.allocationFailed {
            throw ArbiterError(
                .resourceExhausted,
                "decoding this \(what) of \(bytes.count) bytes needs more memory than allowed or available"
            )
        }
        throw ArbiterError(.malformedRequest, "bytes are not a valid \(what)")
    }

    /// The number of an unknown length-delimited field in the `method`/`result` range (10 and
    /// up), which is how a method added to the proto after this build arrives.
    private static func unknownOneofField(of base: ProtobufCMessage) -> UInt32? {
        guard base.n_unknown_fields > 0, let fields = base.unknown_fields else { return nil }
        for index in 0..<Int(base.n_unknown_fields) {
            let field = fields[index]
            if field.tag >= 10, field.wire_type == PROTOBUF_C_WIRE_TYPE_LENGTH_PREFIXED {
                return field.tag
            }
        }
        return nil
    }
}
