import ArbiterCore
import ArbiterWire
import Testing

@Suite("Request round trips")
struct RequestCodecTests {
    @Test("record_execution with every field set")
    func recordFullExecution() throws {
        let request = WireRequest(requestID: 1, method: .recordExecution(Fixtures.fullExecution))
        #expect(try Fixtures.requestRoundTrip(request) == request)
    }

    @Test("record_execution with optional fields nil and empty strings")
    func recordMinimalExecution() throws {
        let request = WireRequest(requestID: 2, method: .recordExecution(Fixtures.minimalExecution))
        let decoded = try Fixtures.requestRoundTrip(request)
        #expect(decoded == request)
        guard case .recordExecution(let execution) = decoded.method else {
            Issue.record("wrong method \(decoded.method)")
            return
        }
        #expect(execution.stakeholderSatisfaction == nil)
        #expect(execution.valueDelivered == nil)
        #expect(execution.executionID.isEmpty)
    }

    @Test("record_execution with an all-default execution")
    func recordDefaultExecution() throws {
        let request = WireRequest(requestID: 0, method: .recordExecution(TaskExecution()))
        #expect(try Fixtures.requestRoundTrip(request) == request)
    }

    @Test("optional values set to zero stay set", arguments: [
        (Double?.some(0), Double?.none),
        (nil, 0),
        (0, 0),
        (-1.5, 1e300),
    ] as [(Double?, Double?)])
    func optionalZeroIsNotNil(satisfaction: Double?, delivered: Double?) throws {
        var execution = Fixtures.minimalExecution
        execution.stakeholderSatisfaction = satisfaction
        execution.valueDelivered = delivered
        let decoded = try Fixtures.decodeExecution(WireCodec.encode(execution))
        #expect(decoded.stakeholderSatisfaction == satisfaction)
        #expect(decoded.valueDelivered == delivered)
    }

    @Test("record_executions with several executions")
    func recordBatch() throws {
        let request = WireRequest(requestID: 3, method: .recordExecutions((0..<25).map(Fixtures.execution)))
        #expect(try Fixtures.requestRoundTrip(request) == request)
    }

    @Test("record_executions with an empty batch")
    func recordEmptyBatch() throws {
        let request = WireRequest(requestID: 4, method: .recordExecutions([]))
        let bytes = WireCodec.encode(request)
        // request_id, then field 11 with an empty message: the method stays set.
        #expect(bytes == [0x08, 0x04, 0x5A, 0x00])
        #expect(try WireCodec.decodeRequest(bytes) == request)
    }

    @Test("record_executions with 10,000 executions")
    func recordLargeBatch() throws {
        let executions = (0..<10_000).map(Fixtures.execution)
        let request = WireRequest(requestID: UInt64.max, method: .recordExecutions(executions))
        let bytes = WireCodec.encode(request)
        #expect(bytes.count > 10_000 * 100)
        #expect(try WireCodec.decodeRequest(bytes) == request)
        // Twice, so the second decode runs on the thread's arena as the first one left it.
        #expect(try WireCodec.decodeRequest(bytes) == request)
    }

    @Test("get_performance with filters and no grouping")
    func getPerformanceFilters() throws {
        let query = PerformanceQuery(model: "m", priority: "P0", domain: "backend", complexity: "complex")
        let request = WireRequest(requestID: 5, method: .getPerformance(query))
        #expect(try Fixtures.requestRoundTrip(request) == request)
        let retries = WireRequest(requestID: 5, method: .getPerformance(PerformanceQuery(model: "m", retries: true)))
        #expect(try Fixtures.requestRoundTrip(retries) == retries)
    }

    @Test("get_performance with an all-default query")
    func getPerformanceDefault() throws {
        let request = WireRequest(requestID: 6, method: .getPerformance(PerformanceQuery()))
        #expect(try Fixtures.requestRoundTrip(request) == request)
    }

    @Test("get_performance with every group_by subset")
    func getPerformanceGroupBySubsets() throws {
        let all = Dimension.allCases
        for mask in 0..<(1 << all.count) {
            let groupBy = Set(all.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
            let request = WireRequest(requestID: UInt64(mask), method: .getPerformance(PerformanceQuery(groupBy: groupBy)))
            #expect(try Fixtures.requestRoundTrip(request) == request, "group_by \(groupBy)")
        }
    }

    @Test("group_by is encoded packed, in Dimension raw-value order")
    func groupByOrder() {
        let request = WireRequest(requestID: 7, method: .getPerformance(PerformanceQuery(groupBy: [.complexity, .model])))
        // 08 07: request_id; 62 04: field 12; 2A 02 01 04: packed group_by [MODEL, COMPLEXITY].
        #expect(WireCodec.encode(request) == [0x08, 0x07, 0x62, 0x04, 0x2A, 0x02, 0x01, 0x04])
    }

    @Test("group_by also decodes unpacked and with duplicates")
    func groupByUnpacked() throws {
        // Field 5 as three separate varints: PRIORITY, DOMAIN, PRIORITY.
        let bytes: [UInt8] = [0x08, 0x01, 0x62, 0x06, 0x28, 0x02, 0x28, 0x03, 0x28, 0x02]
        let request = try WireCodec.decodeRequest(bytes)
        #expect(request.method == .getPerformance(PerformanceQuery(groupBy: [.priority, .domain])))
    }

    @Test("get_status")
    func getStatus() throws {
        let request = WireRequest(requestID: 8, method: .getStatus)
        let bytes = WireCodec.encode(request)
        #expect(bytes == [0x08, 0x08, 0x6A, 0x00])
        #expect(try WireCodec.decodeRequest(bytes) == request)
    }

    @Test("request ids round trip", arguments: [0, 1, 127, 128, UInt64(UInt32.max), UInt64.max])
    func requestIDs(id: UInt64) throws {
        let request = WireRequest(requestID: id, method: .getStatus)
        #expect(try Fixtures.requestRoundTrip(request) == request)
        #expect(WireCodec.encode(request).withUnsafeBytes { WireCodec.peekRequestID($0) } == id)
    }

    @Test("a single execution round trips for the write-ahead log")
    func singleExecution() throws {
        for execution in [Fixtures.fullExecution, Fixtures.minimalExecution, TaskExecution()] {
            #expect(try Fixtures.decodeExecution(WireCodec.encode(execution)) == execution)
        }
        #expect(WireCodec.encode(TaskExecution()).isEmpty)
    }

    @Test("strings are cut at their first NUL")
    func nulTruncates() throws {
        var execution = Fixtures.minimalExecution
        execution.taskID = "ab\0cd"
        let decoded = try Fixtures.decodeExecution(WireCodec.encode(execution))
        #expect(decoded.taskID == "ab")
    }

    @Test("non-ASCII strings round trip")
    func unicode() throws {
        var execution = Fixtures.minimalExecution
        execution.taskTitle = "emoji 👩‍💻, combining é, CJK 漢字, RTL שלום"
        execution.workspace = String(repeating: "ü", count: 5000)
        #expect(try Fixtures.decodeExecution(WireCodec.encode(execution)) == execution)
    }

    @Test("concurrent calls on many threads do not share memory")
    func concurrent() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in 0..<300 {
                        let executions = (0..<(index % 40)).map { Fixtures.execution(worker * 1000 + $0) }
                        let request = WireRequest(requestID: UInt64(worker * 1000 + index), method: .recordExecutions(executions))
                        let decoded = try WireCodec.decodeRequest(WireCodec.encode(request))
                        #expect(decoded == request)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
