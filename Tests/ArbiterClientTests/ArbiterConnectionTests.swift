import ArbiterClient
import ArbiterCore
import ArbiterProcess
import ArbiterWire
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Testing
import ZeroMQ

@Suite struct ArbiterConnectionTests {
    static func status(_ version: String) -> WireResponse.Payload {
        var status = ServerStatus()
        status.version = version
        return .getStatus(status)
    }

    @Test func callSkipsStaleAnswersAndReturnsTheMatchingOne() throws {
        let context = try ZMQContext()
        let server = try FakeServer(context: context) { request, _ in
            [
                (.zero, WireResponse(requestID: request.requestID + 1000, result: .success(Self.status("stale")))),
                (.zero, WireResponse(requestID: request.requestID, result: .success(Self.status("fresh")))),
            ]
        }
        defer { server.stop() }
        let connection = try ArbiterConnection(endpoint: server.endpoint, timeout: .seconds(5), context: context)
        #expect(try connection.status().version == "fresh")
        #expect(try connection.status().version == "fresh")
    }

    @Test func callThrowsTheServersError() throws {
        let context = try ZMQContext()
        let error = ArbiterError(.invalidArgument, "must not be empty", field: "execution.task_id")
        let server = try FakeServer(context: context) { request, _ in
            [(.zero, WireResponse(requestID: request.requestID, result: .failure(error)))]
        }
        defer { server.stop() }
        let connection = try ArbiterConnection(endpoint: server.endpoint, timeout: .seconds(5), context: context)
        #expect(throws: error) {
            try connection.record(TaskExecution())
        }
    }

    @Test func unparsableRequestAnswerWithIDZeroEndsTheCall() throws {
        let context = try ZMQContext()
        let error = ArbiterError(.malformedRequest, "bad bytes")
        let server = try FakeServer(context: context) { _, _ in
            [(.zero, WireResponse(requestID: 0, result: .failure(error)))]
        }
        defer { server.stop() }
        let connection = try ArbiterConnection(endpoint: server.endpoint, timeout: .seconds(5), context: context)
        #expect(throws: error) {
            try connection.status()
        }
    }

    @Test func timeoutThrowsUnavailableAndALateAnswerDoesNotLeak() throws {
        let context = try ZMQContext()
        let server = try FakeServer(context: context) { request, index in
            // The first answer comes after the client gave up.
            [(index == 0 ? .milliseconds(600) : .zero, WireResponse(requestID: request.requestID, result: .success(Self.status("call \(index)"))))]
        }
        defer { server.stop() }
        let connection = try ArbiterConnection(endpoint: server.endpoint, timeout: .milliseconds(300), context: context)

        let clock = ContinuousClock()
        let start = clock.now
        do {
            _ = try connection.status()
            Issue.record("the first call should time out")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("no answer"))
        }
        #expect(clock.now - start < .seconds(2))

        connection.timeout = .seconds(5)
        // Sent while the server still sleeps on the first request; the late
        // answer goes to the old socket, and this call gets its own.
        #expect(try connection.status().version == "call 1")
    }

    @Test func unreachableServerThrowsUnavailable() throws {
        let context = try ZMQContext()
        let endpoint = "tcp://127.0.0.1:\(try ServerProcess.freePort())"
        let connection = try ArbiterConnection(endpoint: endpoint, timeout: .milliseconds(200), context: context)
        do {
            _ = try connection.status()
            Issue.record("a call to nobody should fail")
        } catch {
            #expect(error.code == .unavailable)
            #expect(error.message.contains("cannot reach"))
        }
    }

    @Test func badEndpointIsAnInvalidArgument() throws {
        #expect {
            try ArbiterConnection(endpoint: "nonsense://x")
        } throws: { error in
            (error as? ArbiterError)?.code == .invalidArgument && (error as? ArbiterError)?.field == "endpoint"
        }
    }

    @Test func pipelinedSendsAndReceivesMatchByID() throws {
        let context = try ZMQContext()
        let server = try FakeServer(context: context) { request, _ in
            [(.zero, WireResponse(requestID: request.requestID, result: .success(Self.status("\(request.requestID)"))))]
        }
        defer { server.stop() }
        let connection = try ArbiterConnection(endpoint: server.endpoint, timeout: .seconds(5), context: context)
        var sent: [UInt64] = []
        for _ in 0..<50 {
            sent.append(try connection.send(.getStatus))
        }
        #expect(sent == Array(1...50))
        var received: [UInt64] = []
        for _ in 0..<50 {
            let response = try connection.receive()
            #expect(try response.result.get() == Self.status("\(response.requestID)"))
            received.append(response.requestID)
        }
        #expect(received.sorted() == sent)
    }

    @Test func closedConnectionIsUnavailable() throws {
        let connection = try ArbiterConnection(endpoint: "tcp://127.0.0.1:1", timeout: .milliseconds(100))
        connection.close()
        #expect {
            try connection.status()
        } throws: { error in
            (error as? ArbiterError)?.code == .unavailable
        }
    }
}
