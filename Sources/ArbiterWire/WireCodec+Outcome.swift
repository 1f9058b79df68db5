import ArbiterCore
import CArbiterProto

/// `ArbiterError`, `RecordOutcome` and `BatchOutcome` ⇔ their `arbiter.v1` messages.
extension WireCodec {
    static func makeError(_ error: ArbiterError, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__Error> {
        let message = arena.make(arbiter__v1__error__init)
        message.pointee.code = Arbiter__V1__ErrorCode(rawValue: numericCast(error.code.rawValue))
        arena.set(&message.pointee.message, to: error.message)
        arena.set(&message.pointee.field, to: error.field)
        return message
    }

    /// Unknown (newer) codes, and a missing error in a rejection, read as `.internal`: the call
    /// failed, for a reason this build cannot name.
    static func arbiterError(from message: UnsafeMutablePointer<Arbiter__V1__Error>?) throws(ArbiterError) -> ArbiterError {
        guard let message else { return ArbiterError(.internal, "error without details") }
        let m = message.pointee
        let code = ArbiterError.Code(rawValue: Int(truncatingIfNeeded: m.code.rawValue)) ?? .internal
        return ArbiterError(
            code,
            try string(m.message, field: "message"),
            field: try string(m.field, field: "field")
        )
    }

    static func makeOutcome(
        _ outcome: RecordOutcome,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__RecordExecutionResponse> {
        let message = arena.make(arbiter__v1__record_execution_response__init)
        arena.set(&message.pointee.execution_id, to: outcome.executionID)
        message.pointee.duplicate = cBool(outcome.duplicate)
        return message
    }

    static func outcome(from message: UnsafeMutablePointer<Arbiter__V1__RecordExecutionResponse>?) throws(ArbiterError) -> RecordOutcome {
        guard let message else { return RecordOutcome(executionID: "", duplicate: false) }
        return RecordOutcome(
            executionID: try string(message.pointee.execution_id, field: "execution_id"),
            duplicate: bool(message.pointee.duplicate)
        )
    }

    static func makeBatchOutcome(
        _ outcome: BatchOutcome,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__RecordExecutionsResponse> {
        let message = arena.make(arbiter__v1__record_executions_response__init)
        message.pointee.accepted = UInt32(clamping: outcome.accepted)
        message.pointee.duplicates = UInt32(clamping: outcome.duplicates)
        if !outcome.rejected.isEmpty {
            let array = arena.storage(
                for: UnsafeMutablePointer<Arbiter__V1__RejectedExecution>?.self,
                count: outcome.rejected.count
            )
            for (index, rejection) in outcome.rejected.enumerated() {
                let rejected = arena.make(arbiter__v1__rejected_execution__init)
                rejected.pointee.index = UInt32(clamping: rejection.index)
                rejected.pointee.error = makeError(rejection.error, in: arena)
                (array + index).initialize(to: rejected)
            }
            message.pointee.n_rejected = outcome.rejected.count
            message.pointee.rejected = array
        }
        if !outcome.executionIDs.isEmpty {
            // Every element needs a real C string, empty or not: the packer calls strlen on each.
            let array = arena.storage(for: UnsafeMutablePointer<CChar>?.self, count: outcome.executionIDs.count)
            for (index, id) in outcome.executionIDs.enumerated() {
                (array + index).initialize(to: arena.cString(id))
            }
            message.pointee.n_execution_ids = outcome.executionIDs.count
            message.pointee.execution_ids = array
        }
        return message
    }

    /// Field paths in thrown errors are relative to the response (`rejected[1].error.message`).
    static func batchOutcome(
        from message: UnsafeMutablePointer<Arbiter__V1__RecordExecutionsResponse>?
    ) throws(ArbiterError) -> BatchOutcome {
        guard let message else { return BatchOutcome() }
        let m = message.pointee
        var outcome = BatchOutcome(accepted: int(m.accepted), duplicates: int(m.duplicates))
        if m.n_rejected > 0, let array = m.rejected {
            outcome.rejected.reserveCapacity(m.n_rejected)
            for index in 0..<m.n_rejected {
                guard let rejected = array[index] else { continue }
                do throws(ArbiterError) {
                    outcome.rejected.append(BatchOutcome.Rejection(
                        index: int(rejected.pointee.index),
                        error: try arbiterError(from: rejected.pointee.error)
                    ))
                } catch {
                    throw error.nested(under: "error").nested(under: "rejected[\(index)]")
                }
            }
        }
        if m.n_execution_ids > 0, let array = m.execution_ids {
            outcome.executionIDs.reserveCapacity(m.n_execution_ids)
            for index in 0..<m.n_execution_ids {
                do throws(ArbiterError) {
                    outcome.executionIDs.append(try string(array[index], field: ""))
                } catch {
                    // Built only on failure: interpolating the path per element would cost an allocation each.
                    throw error.nested(under: "execution_ids[\(index)]")
                }
            }
        }
        return outcome
    }
}
