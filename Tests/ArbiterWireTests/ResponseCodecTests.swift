import ArbiterCore
import ArbiterWire
import Testing

@Suite("Response round trips")
struct ResponseCodecTests {
    @Test("record_execution outcome", arguments: [true, false])
    func recordOutcome(duplicate: Bool) throws {
        let response = WireResponse(
            requestID: 1,
            result: .success(.recordExecution(RecordOutcome(executionID: "exec-1", duplicate: duplicate)))
        )
        #expect(try Fixtures.responseRoundTrip(response) == response)
    }

    @Test("record_execution outcome with every field at its default")
    func recordOutcomeDefault() throws {
        let response = WireResponse(requestID: 0, result: .success(.recordExecution(RecordOutcome(executionID: "", duplicate: false))))
        #expect(try Fixtures.responseRoundTrip(response) == response)
    }

    @Test("record_executions outcome with rejections and ids")
    func batchOutcome() throws {
        let outcome = BatchOutcome(
            accepted: 3,
            duplicates: 1,
            rejected: [
                .init(index: 1, error: ArbiterError(.invalidArgument, "quality_score must be 0 to 10", field: "execution.quality_score")),
                .init(index: 4, error: ArbiterError(.resourceExhausted, "disk full")),
            ],
            executionIDs: ["a", "", "b", "c", "", "d"]
        )
        let response = WireResponse(requestID: 2, result: .success(.recordExecutions(outcome)))
        #expect(try Fixtures.responseRoundTrip(response) == response)
    }

    @Test("record_executions outcome for an empty batch")
    func emptyBatchOutcome() throws {
        let response = WireResponse(requestID: 3, result: .success(.recordExecutions(BatchOutcome())))
        #expect(try Fixtures.responseRoundTrip(response) == response)
    }

    @Test("record_executions outcome for 10,000 executions")
    func largeBatchOutcome() throws {
        let ids = (0..<10_000).map { $0.isMultiple(of: 100) ? "" : "exec-\($0)" }
        let rejected = stride(from: 0, to: 10_000, by: 100).map {
            BatchOutcome.Rejection(index: $0, error: ArbiterError(.invalidArgument, "bad", field: "execution.task_id"))
        }
        let outcome = BatchOutcome(accepted: 9_900, duplicates: 0, rejected: rejected, executionIDs: ids)
        let response = WireResponse(requestID: 4, result: .success(.recordExecutions(outcome)))
        #expect(try Fixtures.responseRoundTrip(response) == response)
    }

    @Test("get_performance rows with running estimates present and absent")
    func performanceRows() throws {
        var grouped = Fixtures.fullRow
        grouped.running = nil
        grouped.priority = ""
        grouped.domain = ""
        let response = WireResponse(requestID: 5, result: .success(.getPerformance([Fixtures.fullRow, grouped, PerformanceRow()])))
        let decoded = try Fixtures.responseRoundTrip(response)
        #expect(decoded == response)
        guard case .success(.getPerformance(let rows)) = decoded.result else {
            Issue.record("wrong result \(decoded.result)")
            return
        }
        #expect(rows[0].running != nil)
        #expect(rows[1].running == nil)
    }

    @Test("get_performance with no rows")
    func noRows() throws {
        let response = WireResponse(requestID: 6, result: .success(.getPerformance([])))
        #expect(try Fixtures.responseRoundTrip(response) == response)
    }

    @Test("running estimates present but all zero stay present")
    func zeroRunningEstimates() throws {
        var row = PerformanceRow()
        row.running = RunningEstimates()
        let response = WireResponse(requestID: 7, result: .success(.getPerformance([row])))
        #expect(try Fixtures.responseRoundTrip(response) == response)
    }

    @Test("get_status")
    func status() throws {
        let response = WireResponse(requestID: 8, result: .success(.getStatus(Fixtures.fullStatus)))
        #expect(try Fixtures.responseRoundTrip(response) == response)
        let empty = WireResponse(requestID: 9, result: .success(.getStatus(ServerStatus())))
        #expect(try Fixtures.responseRoundTrip(empty) == empty)
    }

    @Test("failures with every code", arguments: ArbiterError.Code.allCases)
    func failure(code: ArbiterError.Code) throws {
        let response = WireResponse(
            requestID: 10,
            result: .failure(ArbiterError(code, "something about \(code)", field: "record_executions.executions[3].domain"))
        )
        #expect(try Fixtures.responseRoundTrip(response) == response)
    }

    @Test("a failure without a field or message")
    func bareFailure() throws {
        let response = WireResponse(requestID: 11, result: .failure(ArbiterError(.unavailable, "")))
        let bytes = WireCodec.encode(response)
        // request_id, then only `error` (field 2) holding code 10: no result.
        #expect(bytes == [0x08, 0x0B, 0x12, 0x02, 0x08, 0x0A])
        #expect(try WireCodec.decodeResponse(bytes) == response)
    }

    @Test("error code numbers equal the proto enum numbers")
    func errorCodeNumbers() throws {
        for code in ArbiterError.Code.allCases {
            let bytes = WireCodec.encode(WireResponse(requestID: 0, result: .failure(ArbiterError(code, ""))))
            #expect(bytes == [0x12, 0x02, 0x08, UInt8(code.rawValue)])
        }
    }

    @Test("unknown error codes decode to internal")
    func unknownErrorCode() throws {
        // request_id 1; error {code: 99, message: "x"}.
        let bytes: [UInt8] = [0x08, 0x01, 0x12, 0x05, 0x08, 0x63, 0x12, 0x01, 0x78]
        let response = try WireCodec.decodeResponse(bytes)
        #expect(response == WireResponse(requestID: 1, result: .failure(ArbiterError(.internal, "x"))))
    }

    @Test("an error with code 0 next to a result is no failure")
    func unspecifiedErrorCode() throws {
        // request_id 1; error {} (code 0); get_status {version: "v"}.
        let bytes: [UInt8] = [0x08, 0x01, 0x12, 0x00, 0x6A, 0x03, 0x0A, 0x01, 0x76]
        var status = ServerStatus()
        status.version = "v"
        #expect(try WireCodec.decodeResponse(bytes) == WireResponse(requestID: 1, result: .success(.getStatus(status))))
    }
}
