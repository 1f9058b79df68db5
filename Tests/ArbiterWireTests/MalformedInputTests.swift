import ArbiterCore
import ArbiterWire
import Testing

@Suite("Malformed input")
struct MalformedInputTests {
    static let invalidUTF8: [[UInt8]] = [
        [0xFF],
        [0xC0, 0x80],  // overlong NUL
        [0xED, 0xA0, 0x80],  // UTF-16 surrogate
        [0xE2, 0x82],  // truncated sequence
        [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
    ]

    @Test("invalid UTF-8 in record_execution names the field", arguments: invalidUTF8)
    func recordExecutionUTF8(bad: [UInt8]) throws {
        var execution = Fixtures.fullExecution
        execution.taskID = "TASKIDMARKER"
        let bytes = WireCodec.encode(WireRequest(requestID: 9, method: .recordExecution(execution)))
        let error = Fixtures.requestError(Fixtures.patching(bytes, marker: "TASKIDMARKER", with: bad))
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "execution.task_id")
    }

    @Test("invalid UTF-8 in every string field of an execution names it")
    func everyExecutionField() throws {
        let fields: [(WritableKeyPath<TaskExecution, String>, String)] = [
            (\.executionID, "execution_id"), (\.taskID, "task_id"), (\.taskTitle, "task_title"),
            (\.priority, "priority"), (\.domain, "domain"), (\.complexity, "complexity"),
            (\.assignedModel, "assigned_model"), (\.assignmentReason, "assignment_reason"),
            (\.workerID, "worker_id"), (\.workspace, "workspace"),
        ]
        for (keyPath, name) in fields {
            var execution = TaskExecution()
            execution[keyPath: keyPath] = "MARKER"
            let bytes = Fixtures.patching(WireCodec.encode(execution), marker: "MARKER", with: [0xFF])
            let error = Fixtures.executionError(bytes)
            #expect(error == ArbiterError(.invalidArgument, "not valid UTF-8", field: name))
        }
    }

    @Test("invalid UTF-8 in a batch names the index")
    func batchUTF8() throws {
        let executions = (0..<6).map(Fixtures.execution)
        let bytes = WireCodec.encode(WireRequest(requestID: 10, method: .recordExecutions(executions)))
        let error = Fixtures.requestError(Fixtures.patching(bytes, marker: "dom3x", with: [0x80]))
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "executions[3].domain")
    }

    @Test("a NUL in a request string is refused naming the field, not cut there")
    func nulInRequestStrings() throws {
        let refusal = { (field: String) in ArbiterError(.invalidArgument, "must not contain NUL (\\0) characters", field: field) }
        var execution = Fixtures.fullExecution
        execution.executionID = "run-MARKER"
        let single = WireCodec.encode(WireRequest(requestID: 9, method: .recordExecution(execution)))
        #expect(Fixtures.requestError(Fixtures.patching(single, marker: "MARKER", with: [0])) == refusal("execution.execution_id"))
        let batch = WireCodec.encode(WireRequest(requestID: 10, method: .recordExecutions((0..<6).map(Fixtures.execution))))
        #expect(Fixtures.requestError(Fixtures.patching(batch, marker: "dom3x", with: [0x64, 0])) == refusal("executions[3].domain"))
        let ranking = RankingRequest(task: Fixtures.fullTask, candidates: ["a", "bMARKER"], failedModels: ["c"])
        let rank = WireCodec.encode(WireRequest(requestID: 11, method: .rankModels(ranking)))
        #expect(Fixtures.requestError(Fixtures.patching(rank, marker: "MARKER", with: [0])) == refusal("candidates[1]"))
        // A zero byte elsewhere (in a double, say) is no string's NUL.
        #expect(single.contains(0))
        #expect(try WireCodec.decodeRequest(single).method == .recordExecution(execution))
    }

    @Test("a batch over the limit is refused before its items are converted")
    func batchOverLimit() throws {
        let executions = (0..<6).map(Fixtures.execution)
        let bytes = WireCodec.encode(WireRequest(requestID: 12, method: .recordExecutions(executions)))
        let error = #expect(throws: ArbiterError.self) { try WireCodec.decodeRequest(bytes, maxBatchSize: 5) }
        #expect(error?.code == .resourceExhausted)
        #expect(error?.field == "executions")
        #expect(try WireCodec.decodeRequest(bytes, maxBatchSize: 6).method == .recordExecutions(executions))
    }

    @Test("model name lists over the limit are refused, naming the list")
    func modelNamesOverLimit() throws {
        let names = (0...WireCodec.maxCandidates).map { "m\($0)" }
        for (ranking, field) in [
            (RankingRequest(task: Fixtures.minimalTask, candidates: names), "candidates"),
            (RankingRequest(task: Fixtures.minimalTask, failedModels: names), "failed_models"),
        ] {
            let bytes = WireCodec.encode(WireRequest(requestID: 13, method: .rankModels(ranking)))
            let error = #expect(throws: ArbiterError.self) { try WireCodec.decodeRequest(bytes) }
            #expect(error?.code == .resourceExhausted)
            #expect(error?.field == field)
            #expect(error?.message == "\(names.count) \(field) is over the limit of \(WireCodec.maxCandidates)")
        }
    }

    @Test("invalid UTF-8 in a performance filter names the field")
    func queryUTF8() throws {
        let query = PerformanceQuery(model: "m", priority: "P0", domain: "d", complexity: "COMPLEXITY")
        let bytes = WireCodec.encode(WireRequest(requestID: 11, method: .getPerformance(query)))
        let error = Fixtures.requestError(Fixtures.patching(bytes, marker: "COMPLEXITY", with: [0xC3, 0x28]))
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "complexity")
    }

    @Test("invalid UTF-8 in responses names the field")
    func responseUTF8() throws {
        var row = PerformanceRow()
        row.model = "ROWMODEL"
        let rows = WireCodec.encode(WireResponse(requestID: 1, result: .success(.getPerformance([PerformanceRow(), PerformanceRow(), row]))))
        #expect(Fixtures.responseError(Fixtures.patching(rows, marker: "ROWMODEL", with: [0xFF]))?.field == "get_performance.rows[2].model")

        let outcome = BatchOutcome(
            rejected: [.init(index: 0, error: ArbiterError(.notFound, "fine")), .init(index: 1, error: ArbiterError(.notFound, "REJECTMSG"))],
            executionIDs: ["x", "IDMARKER"]
        )
        let batch = WireCodec.encode(WireResponse(requestID: 1, result: .success(.recordExecutions(outcome))))
        #expect(Fixtures.responseError(Fixtures.patching(batch, marker: "REJECTMSG", with: [0xFF]))?.field == "record_executions.rejected[1].error.message")
        #expect(Fixtures.responseError(Fixtures.patching(batch, marker: "IDMARKER", with: [0xFF]))?.field == "record_executions.execution_ids[1]")

        let failure = WireCodec.encode(WireResponse(requestID: 1, result: .failure(ArbiterError(.internal, "m", field: "FIELDNAME"))))
        #expect(Fixtures.responseError(Fixtures.patching(failure, marker: "FIELDNAME", with: [0xFF]))?.field == "error.field")

        var status = ServerStatus()
        status.fsyncMode = "always"
        let statusBytes = WireCodec.encode(WireResponse(requestID: 1, result: .success(.getStatus(status))))
        #expect(Fixtures.responseError(Fixtures.patching(statusBytes, marker: "always", with: [0xFF]))?.field == "get_status.fsync_mode")
    }

    @Test("group_by values that are no Dimension", arguments: [0, 5, 99, -1] as [Int64])
    func unknownDimension(value: Int64) throws {
        // request_id 1; get_performance { group_by: [MODEL, value] } with value as a 10-byte varint when negative.
        var varint: [UInt8] = []
        var raw = UInt64(bitPattern: value)
        repeat {
            varint.append(UInt8(raw & 0x7F) | (raw > 0x7F ? 0x80 : 0))
            raw >>= 7
        } while raw != 0
        let groupBy: [UInt8] = [0x2A, UInt8(1 + varint.count), 0x01] + varint
        let bytes: [UInt8] = [0x08, 0x01, 0x62, UInt8(groupBy.count)] + groupBy
        let error = Fixtures.requestError(bytes)
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "group_by")
    }

    @Test("garbage bytes are a malformed request", arguments: [
        [0xFF, 0xFF, 0xFF],
        [0x0A, 0x05, 0x01],  // request_id as a length-delimited field
        [0x08],  // a tag without its value
        [0x62, 0x10, 0x0A],  // get_performance longer than the bytes
        [0x6A, 0x02, 0xFF, 0xFF],  // get_status holding garbage
        [0x07, 0x00],  // field 0
        Array("GET / HTTP/1.1\r\nHost: arbiter\r\n\r\n".utf8),
    ] as [[UInt8]])
    func garbage(bytes: [UInt8]) throws {
        let error = Fixtures.requestError(bytes)
        #expect(error?.code == .malformedRequest)
        #expect(Fixtures.responseError(bytes)?.code == .malformedRequest)
        #expect(Fixtures.executionError(bytes)?.code == .malformedRequest)
    }

    @Test("an undecodable response says so")
    func responseMessage() throws {
        let error = Fixtures.responseError([0xFF, 0xFF])
        #expect(error?.code == .malformedRequest)
        #expect(error?.message == "bytes are not a valid response (arbiter.v1.Response)")
    }

    @Test("empty bytes are a request with no method")
    func emptyRequest() throws {
        let error = Fixtures.requestError([])
        #expect(error?.code == .malformedRequest)
        #expect(error?.message == "request has no method")
        #expect(Fixtures.responseError([])?.code == .malformedRequest)
        // The empty TaskExecution is a valid (all-default) message.
        #expect(try Fixtures.decodeExecution([]) == TaskExecution())
    }

    @Test("a request id alone is a request with no method")
    func requestWithoutMethod() throws {
        #expect(Fixtures.requestError([0x08, 0x2A])?.code == .malformedRequest)
        #expect(Fixtures.peek([0x08, 0x2A]) == 42)
    }

    // 38: in the A/B testing range (30-39), not used by it.
    @Test("a method or result without a Swift mapping is unimplemented", arguments: [19, 38, 1000] as [UInt32])
    func unknownMethod(field: UInt32) throws {
        // request_id 5; `field` (in the proto's method range, or beyond it) holding an empty message.
        var tag: [UInt8] = []
        var key = field << 3 | 2
        repeat {
            tag.append(UInt8(key & 0x7F) | (key > 0x7F ? 0x80 : 0))
            key >>= 7
        } while key != 0
        let bytes: [UInt8] = [0x08, 0x05] + tag + [0x00]
        #expect(Fixtures.requestError(bytes)?.code == .unimplemented)
        #expect(Fixtures.responseError(bytes)?.code == .unimplemented)
        #expect(Fixtures.peek(bytes) == 5)
    }

    @Test("unknown fields outside the method range are skipped")
    func unknownFieldsSkipped() throws {
        // request_id 5, unknown varint field 3, get_status.
        #expect(try WireCodec.decodeRequest([0x08, 0x05, 0x18, 0x01, 0x6A, 0x00]) == WireRequest(requestID: 5, method: .getStatus))
        // An unknown varint field 20 is no method.
        #expect(Fixtures.requestError([0x08, 0x05, 0xA0, 0x01, 0x01])?.code == .malformedRequest)
    }

    @Test("a batch that would unpack into gigabytes is resource-exhausted, not an OOM")
    func amplification() throws {
        // Four million empty executions: 8 MiB on the wire, about 1 GB as C structs.
        var inner = [UInt8](repeating: 0, count: 8 << 20)
        inner.withUnsafeMutableBufferPointer { buffer in
            for index in stride(from: 0, to: buffer.count, by: 2) {
                buffer[index] = 0x0A
            }
        }
        var length: [UInt8] = []
        var remaining = inner.count
        repeat {
            length.append(UInt8(remaining & 0x7F) | (remaining > 0x7F ? 0x80 : 0))
            remaining >>= 7
        } while remaining != 0
        let bytes: [UInt8] = [0x08, 0x2A, 0x5A] + length + inner
        let error = Fixtures.requestError(bytes)
        #expect(error?.code == .resourceExhausted)
        #expect(Fixtures.peek(bytes) == 42)
        // The thread's arena recovers for the next call.
        #expect(try WireCodec.decodeRequest(WireCodec.encode(WireRequest(requestID: 1, method: .getStatus))).requestID == 1)
    }

    @Test("every truncation of a request is malformed and still yields its id")
    func truncated() throws {
        let bytes = WireCodec.encode(WireRequest(requestID: 123_456_789, method: .recordExecution(Fixtures.fullExecution)))
        let idLength = 5  // tag byte and a 4-byte varint
        for length in 0..<bytes.count {
            let prefix = Array(bytes[..<length])
            let error = Fixtures.requestError(prefix)
            #expect(error?.code == .malformedRequest, "length \(length)")
            #expect(Fixtures.peek(prefix) == (length >= idLength ? 123_456_789 : 0), "length \(length)")
        }
    }

    @Test("a truncated response or execution is malformed")
    func truncatedOthers() throws {
        let response = WireCodec.encode(WireResponse(requestID: 1, result: .success(.getStatus(Fixtures.fullStatus))))
        #expect(Fixtures.responseError(Array(response.dropLast(3)))?.code == .malformedRequest)
        let execution = WireCodec.encode(Fixtures.fullExecution)
        // It ends with attempt (a two-byte tag and a one-byte value) after ab_variant's string: cut
        // into the tag, and into the string.
        for cut in [2, 5] {
            #expect(Fixtures.executionError(Array(execution.dropLast(cut)))?.code == .malformedRequest, "cut \(cut)")
        }
    }

    @Test("peekRequestID on bytes that hold no id")
    func peekWithoutID() {
        #expect(Fixtures.peek([]) == 0)
        #expect(Fixtures.peek([0xFF, 0xFF, 0xFF]) == 0)
        #expect(Fixtures.peek([0x6A, 0x00]) == 0)
        #expect(Fixtures.peek([0x08]) == 0)
        #expect(Fixtures.peek([0x08, 0xFF]) == 0)
        #expect(Fixtures.peek(Array(repeating: 0xFF, count: 64)) == 0)
    }

    @Test("peekRequestID skips fields before the id and keeps the last id")
    func peekSkipsFields() {
        // get_status {}, a fixed64 field 3, a fixed32 field 4, then request_id 300.
        let bytes: [UInt8] = [0x6A, 0x00, 0x19, 1, 2, 3, 4, 5, 6, 7, 8, 0x25, 1, 2, 3, 4, 0x08, 0xAC, 0x02]
        #expect(Fixtures.peek(bytes) == 300)
        #expect(Fixtures.peek([0x08, 0x01, 0x08, 0x02]) == 2)
        // An id followed by a length-delimited field that runs past the end.
        #expect(Fixtures.peek([0x08, 0x07, 0x62, 0x7F, 0x01]) == 7)
        #expect(Fixtures.peek([0x08, 0x07, 0x62, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]) == 7)
    }
}
