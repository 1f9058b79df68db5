import Foundation
import Testing
import ZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct ZMQSocketTests {
    @Test func dealerRouterMultipartRoundTripWithRoutingID() throws {
        let context = try ZMQContext()
        let router = try makeSocket(context, .router)
        let endpoint = try bindToFreePort(router)
        #expect(endpoint.hasPrefix("tcp://127.0.0.1:"))
        #expect(endpoint != "tcp://127.0.0.1:*")

        let dealer = try makeSocket(context, .dealer)
        try dealer.setRoutingID([UInt8]("client-1"))
        #expect(try dealer.routingID == [UInt8]("client-1"))
        try dealer.connect(endpoint)

        try dealer.send(multipart: [[UInt8]("hello"), [], [0, 1, 2, 255]])
        let request = try router.receiveMultipart()
        #expect(!request.isTruncated)
        #expect(request.frames == [[UInt8]("client-1"), [UInt8]("hello"), [], [0, 1, 2, 255]])

        try router.send(multipart: [[UInt8]("client-1"), [UInt8]("world"), Array(repeating: 7, count: 100_000)])
        let reply = try dealer.receiveMultipart()
        #expect(reply.frames.count == 2)
        #expect(reply.frames[0] == [UInt8]("world"))
        #expect(reply.frames[1] == Array(repeating: 7, count: 100_000))
    }

    /// A message made on another thread is sent by handing over its buffer: it arrives whole
    /// and is empty afterwards; a send that cannot be queued (no peer) leaves it as it was.
    @Test func messagesMadeElsewhereAreHandedOverWhole() async throws {
        let context = try ZMQContext()
        let router = try makeSocket(context, .router)
        let endpoint = try bindToFreePort(router)
        let dealer = try makeSocket(context, .dealer)
        try dealer.setRoutingID([UInt8]("client-1"))
        try dealer.connect(endpoint)
        try dealer.send([UInt8]("hello"))
        _ = try router.receiveMultipart()

        let bytes = (0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let message = await Task.detached { ZMQMessage(bytes) }.value
        #expect(message.count == bytes.count)
        let unconnected = try makeSocket(context, .dealer)
        #expect(throws: ZMQError.self) { try unconnected.send(message, dontWait: true) }
        #expect(message.count == bytes.count)
        try router.send(ZMQMessage([UInt8]("client-1")), more: true)
        try router.send(message)
        #expect(message.count == 0)
        #expect(try dealer.receiveMultipart().frames == [bytes])
    }

    @Test func reqToRouterHasEmptyDelimiter() throws {
        let context = try ZMQContext()
        let router = try makeSocket(context, .router)
        let endpoint = try bindToFreePort(router)
        let req = try makeSocket(context, .req)
        try req.connect(endpoint)

        try req.send([UInt8]("ping"))
        let request = try router.receiveMultipart()
        #expect(request.frames.count == 3)
        #expect(!request.frames[0].isEmpty)
        #expect(request.frames[1].isEmpty)
        #expect(request.frames[2] == [UInt8]("ping"))

        try router.send(multipart: [request.frames[0], [], [UInt8]("pong")])
        #expect(try req.receive() == [UInt8]("pong"))
        #expect(try req.receiveMore == false)
    }

    @Test func routerMandatoryRejectsUnknownRoutingID() throws {
        let context = try ZMQContext()
        let router = try makeSocket(context, .router)
        try router.setRouterMandatory(true)
        _ = try bindToFreePort(router)

        #expect {
            try router.send(multipart: [[UInt8]("nobody"), [UInt8]("lost")])
        } throws: { error in
            guard let error = error as? ZMQError else { return false }
            return error.errno == EHOSTUNREACH && error.call == "zmq_send"
        }
    }

    @Test func dontWaitOnEmptySocketThrowsWouldBlock() throws {
        let context = try ZMQContext()
        let pull = try makeSocket(context, .pull)
        try pull.bind("inproc://empty")

        #expect(throws: ZMQError.wouldBlock(call: "zmq_msg_recv")) {
            try pull.receive(dontWait: true)
        }
        #expect(throws: ZMQError.wouldBlock(call: "zmq_msg_recv")) {
            try pull.receiveMultipart(dontWait: true)
        }
        #expect(throws: ZMQError.wouldBlock(call: "zmq_msg_recv")) {
            try pull.withReceivedFrames(dontWait: true) { $0.count }
        }
        // A PUSH with no peer cannot queue a message either.
        let push = try makeSocket(context, .push)
        #expect(throws: ZMQError.wouldBlock(call: "zmq_send")) {
            try push.send([UInt8]("x"), dontWait: true)
        }
    }

    @Test func receiveTimeoutExpires() throws {
        let context = try ZMQContext()
        let dealer = try makeSocket(context, .dealer)
        try dealer.bind("inproc://timeout")
        try dealer.setReceiveTimeout(milliseconds: 100)

        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: ZMQError.wouldBlock(call: "zmq_msg_recv")) {
            try dealer.receive()
        }
        let waited = clock.now - start
        #expect(waited >= .milliseconds(90))
        #expect(waited < .seconds(3))
    }

    @Test func receiveMultipartDrainsFramesPastTheLimit() throws {
        let context = try ZMQContext()
        let pull = try makeSocket(context, .pull)
        try pull.bind("inproc://truncate")
        let push = try makeSocket(context, .push)
        try push.connect("inproc://truncate")

        try push.send(multipart: (1...5).map { [UInt8($0)] })
        try push.send(multipart: [[9], [10]])

        let first = try pull.receiveMultipart(maxFrames: 2)
        #expect(first.frames == [[1], [2]])
        #expect(first.discardedFrameCount == 3)
        #expect(first.isTruncated)
        // The socket is not left mid-message: the next receive starts a new one.
        let second = try pull.receiveMultipart(maxFrames: 2)
        #expect(second.frames == [[9], [10]])
        #expect(!second.isTruncated)
    }

    @Test func withReceivedFramesLendsFramesAndDrains() throws {
        let context = try ZMQContext()
        let pull = try makeSocket(context, .pull)
        try pull.bind("inproc://frames")
        let push = try makeSocket(context, .push)
        try push.connect("inproc://frames")

        // A short frame (kept inside zmq_msg_t) and a long one (on the heap).
        let long = [UInt8](repeating: 42, count: 4096)
        try push.send(multipart: [[UInt8]("id"), long, [1], [2]])
        try push.send([UInt8]("next"))

        let seen = try pull.withReceivedFrames(maxFrames: 2) { frames in
            (frames.map { Array($0) }, frames.discardedFrameCount)
        }
        #expect(seen.0 == [[UInt8]("id"), long])
        #expect(seen.1 == 2)
        let next = try pull.withReceivedFrames { frames in frames.map { Array($0) } }
        #expect(next == [[UInt8]("next")])
    }

    @Test func sendAcceptsBuffersAndNonContiguousCollections() throws {
        let context = try ZMQContext()
        let pair = try makeSocket(context, .pair)
        try pair.bind("inproc://send-kinds")
        let peer = try makeSocket(context, .pair)
        try peer.connect("inproc://send-kinds")

        let bytes: [UInt8] = [1, 2, 3]
        try bytes.withUnsafeBytes { try pair.send($0, more: true) }
        try pair.send((4...6).reversed().map { UInt8($0) }.lazy.filter { _ in true }, more: true)
        try pair.send(Set<UInt8>([9]))
        #expect(try peer.receiveMultipart().frames == [[1, 2, 3], [6, 5, 4], [9]])
    }

    @Test func publishSubscribeFiltersByPrefix() throws {
        let context = try ZMQContext()
        let pub = try makeSocket(context, .pub)
        try pub.bind("inproc://pubsub")
        let sub = try makeSocket(context, .sub)
        try sub.subscribe("keep")
        try sub.connect("inproc://pubsub")

        // Subscriptions travel to the publisher asynchronously; publish until one arrives.
        var received: [UInt8]?
        for _ in 0..<200 where received == nil {
            try pub.send([UInt8]("drop me"))
            try pub.send([UInt8]("keep me"))
            received = try? sub.receive(dontWait: true)
            if received == nil { usleep(5_000) }
        }
        #expect(received == [UInt8]("keep me"))
    }

    @Test func closedSocketFailsWithENOTSOCK() throws {
        let context = try ZMQContext()
        let socket = try makeSocket(context, .dealer)
        socket.close()
        socket.close()
        #expect(socket.isClosed)
        #expect(throws: ZMQError.failed(call: "zmq_connect(inproc://x)", errno: ENOTSOCK)) {
            try socket.connect("inproc://x")
        }
        #expect(throws: ZMQError.failed(call: "zmq_setsockopt(ZMQ_LINGER)", errno: ENOTSOCK)) {
            try socket.setLinger(milliseconds: 0)
        }
    }

    @Test func errorsNameTheCallAndExplainErrno() throws {
        let context = try ZMQContext()
        let socket = try makeSocket(context, .dealer)
        do {
            try socket.connect("nonsense://where")
            Issue.record("connect to a bad endpoint should fail")
        } catch {
            #expect(error.call == "zmq_connect(nonsense://where)")
            #expect(error.errno == EPROTONOSUPPORT)
            #expect(!error.message.isEmpty)
            #expect(String(describing: error).contains("zmq_connect(nonsense://where) failed"))
        }
        #expect(throws: ZMQError.failed(call: "zmq_setsockopt(ZMQ_CURVE_SERVERKEY)", errno: EINVAL)) {
            try socket.setCurveServerKey("too short")
        }
    }

    @Test func optionsAreAccepted() throws {
        let context = try ZMQContext()
        let socket = try makeSocket(context, .router)
        try socket.setSendHighWaterMark(10)
        try socket.setReceiveHighWaterMark(10)
        try socket.setMaxMessageSize(1 << 20)
        try socket.setImmediate(true)
        try socket.setTCPKeepalive(true, idleSeconds: 60, intervalSeconds: 10, probes: 3)
        try socket.setIPv6(true)
        try socket.setReconnectInterval(milliseconds: 200)
        try socket.setHandshakeInterval(milliseconds: 5000)
        try socket.setZAPDomain("arbiter")
        #expect(try socket.lastEndpoint == "")
        #expect(try socket.fileDescriptor >= 0)
        #expect(try !socket.events.contains(.pollIn))
    }

    @Test func contextShutdownInterruptsABlockingReceive() async throws {
        let context = try ZMQContext()
        let socket = try ZMQSocket(context: context, type: .pull)
        try socket.setLinger(milliseconds: 0)
        try socket.bind("inproc://shutdown")

        // A fresh socket is a disconnected value, so it may move into the task.
        let receiver = Task.detached { () -> ZMQError? in
            defer { socket.close() }
            do {
                _ = try socket.receive()
                return nil
            } catch let error as ZMQError {
                return error
            } catch {
                return nil
            }
        }
        try await Task.sleep(for: .milliseconds(100))
        context.shutdown()
        let error = await receiver.value
        #expect(error?.isContextTerminated == true)
        #expect(error?.call == "zmq_msg_recv")
        context.terminate()
        #expect {
            try ZMQSocket(context: context, type: .pair)
        } throws: { error in
            (error as? ZMQError)?.isContextTerminated == true
        }
    }

    @Test func handoffMovesASocketToAThread() throws {
        let context = try ZMQContext()
        let pull = try makeSocket(context, .pull)
        try pull.bind("inproc://handoff")

        let handoff = ZMQSocketHandoff(try makeSocket(context, .push))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            guard let push = handoff.take() else { return }
            try? push.connect("inproc://handoff")
            try? push.send([UInt8]("from thread"))
        }
        thread.start()
        done.wait()
        #expect(handoff.take() == nil)
        #expect(try pull.receive() == [UInt8]("from thread"))
    }
}
