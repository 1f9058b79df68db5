import ArbiterCore
import ArbiterWire
import Foundation
import Logging
import Synchronization
import ZeroMQ

/// Answers requests on the ROUTER socket from one dedicated I/O thread.
///
/// libzmq sockets are not thread-safe and their calls block, so one thread
/// owns the ROUTER socket and waits in its receive; decoded requests go to
/// the actors as tasks, and their replies come back through ``Outbox``, which
/// wakes the thread with a message to the same ROUTER socket over inproc.
/// The thread never waits on the cooperative pool, and the pool never waits
/// on a socket.
///
/// Waiting on the one socket, as a bare echo server does, rather than in
/// `zmq_poll` on two (the ROUTER and a wake-up socket), saves several system
/// calls per request: `zmq_poll` polls once without waiting, then again, and
/// asks each socket for its events, each a `poll` of its own.
final class RequestFrontEnd: Sendable {
    /// The routing id, whether the client sent an empty delimiter frame (REQ
    /// does; DEALER need not), and the encoded response.
    struct Reply: Sendable {
        var peer: [UInt8]
        var delimited: Bool
        /// Made where the response is encoded, so the I/O thread does not copy it.
        var payload: ZMQMessage
    }

    private enum Lifecycle {
        case idle
        case running(bound: String)
        case stopping
        case stopped
    }

    private let configuration: ServerConfiguration
    private let security: SocketSecurity
    /// Kept for the context's lifetime; it stops when the context terminates.
    private let authenticator: ZAPHandler?
    private let handler: RequestHandler
    private let intake: RequestIntake
    private let logger: Logger
    private let context: ZMQContext
    private let outbox: Outbox
    private let lifecycle = Mutex<Lifecycle>(.idle)
    private let exited = DispatchSemaphore(value: 0)
    private let wakeEndpoint: String

    /// Most messages read before the thread looks whether it should stop.
    private static let receiveBudget = 512

    /// Most replies answered on this thread that wait to be sent together.
    /// 16 measured best for a pipelining client (window 64) on two cores: 1
    /// gave 59k rank calls/s, 8 gave 67k, 16 gave 75k, 32 gave 66k.
    private static let replyBatch = 16

    init(configuration: ServerConfiguration, security: SocketSecurity, handler: RequestHandler, logger: Logger) throws {
        self.configuration = configuration
        self.security = security
        self.handler = handler
        self.logger = logger
        intake = RequestIntake(maxRequestBytes: configuration.maxRequestBytes, maxBatchSize: configuration.maxBatchSize)
        wakeEndpoint = "inproc://arbiter-wake-\(UUID().uuidString)"
        context = try ZMQContext(ioThreads: 1)
        outbox = try Outbox(context: context, wakeEndpoint: wakeEndpoint)
        authenticator = try security.startAuthenticator(in: context, logger: logger)
    }

    /// The endpoint actually bound (a `*` port resolved), once started.
    var boundEndpoint: String? {
        lifecycle.withLock { if case .running(let bound) = $0 { bound } else { nil } }
    }

    /// Binds the socket and starts the I/O thread; throws when binding fails.
    func start() throws {
        let started = Mutex<Result<String, any Error>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            let router: ZMQSocket
            do {
                router = try openSocket()
            } catch {
                started.withLock { $0 = .failure(error) }
                ready.signal()
                exited.signal()
                return
            }
            let bound = (try? router.lastEndpoint) ?? configuration.listen
            lifecycle.withLock { $0 = .running(bound: bound) }
            started.withLock { $0 = .success(bound) }
            ready.signal()
            serve(router: router)
            exited.signal()
        }
        thread.name = "arbiter-io"
        thread.stackSize = 1 << 20
        thread.start()
        ready.wait()
        if case .failure(let error) = started.withLock({ $0 }) { throw error }
    }

    /// Stops reading requests, answers those in flight (up to a few seconds), and closes the sockets.
    func stop() async {
        let wasRunning = lifecycle.withLock { state -> Bool in
            guard case .running = state else { return false }
            state = .stopping
            return true
        }
        guard wasRunning else { return }
        outbox.wake()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.exited.wait()
                continuation.resume()
            }
        }
        context.terminate()
    }

    // MARK: - The I/O thread

    private func openSocket() throws(ZMQError) -> ZMQSocket {
        let router = try ZMQSocket(context: context, type: .router)
        // A reply to a vanished or full peer is an error to log, not a silent drop.
        try router.setRouterMandatory(true)
        try router.setLinger(milliseconds: 1000)
        try router.setSendHighWaterMark(Int(configuration.highWaterMark))
        try router.setReceiveHighWaterMark(Int(configuration.highWaterMark))
        // Far above the answered limit: frames between the two get a clear
        // RESOURCE_EXHAUSTED; only absurd ones make libzmq drop the peer.
        try router.setMaxMessageSize(Int64(configuration.maxRequestBytes) * 4)
        // The outbox's endpoint first, so that its routing id is taken before
        // any client can connect; `lastEndpoint` is then the listening one.
        try router.bind(wakeEndpoint)
        // Inproc connections skip the security handshake, so the outbox's
        // wake-ups still arrive; every TCP peer must pass CURVE and ZAP.
        try security.apply(to: router)
        try router.bind(configuration.listen)
        return router
    }

    private var isStopping: Bool {
        lifecycle.withLock { if case .stopping = $0 { true } else { false } }
    }

    private func serve(router: ZMQSocket) {
        var pending: [Reply] = []
        pending.reserveCapacity(Self.replyBatch)
        while !isStopping {
            receiveRequests(from: router, pending: &pending)
        }
        // Stopping: no more requests are read; replies the actors still owe
        // are sent as they come, for up to five seconds.
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            // Checked before taking: a reply is queued before its count drops.
            let done = outbox.inFlight == 0 || ContinuousClock.now >= deadline
            send(outbox.takeReplies(), on: router)
            if done { break }
            Thread.sleep(forTimeInterval: 0.001)
        }
        outbox.uninstall()
        router.close()
        lifecycle.withLock { $0 = .stopped }
    }

    /// Waits for a message, then reads what else is waiting, and sends the
    /// replies that are ready in batches of `replyBatch`, then the rest when
    /// the socket has no more.
    ///
    /// Sent one by one, each reply woke libzmq's I/O thread for a write of its
    /// own (on a busy core, a context switch and a `send` per reply); sent
    /// back to back, the I/O thread takes several per wake-up and write.
    private func receiveRequests(from router: ZMQSocket, pending: inout [Reply]) {
        defer {
            send(pending, on: router)
            pending.removeAll(keepingCapacity: true)
        }
        for received in 0..<Self.receiveBudget {
            do {
                let wokenUp = try router.withReceivedFrames(dontWait: received > 0, maxFrames: 4) { frames in
                    accept(frames, answering: &pending)
                }
                // `stop()` wakes the thread this way: read no more requests then.
                if wokenUp && isStopping { return }
            } catch ZMQError.wouldBlock {
                return
            } catch {
                logger.error("receiving a request failed", metadata: ["error": "\(error)"])
                return
            }
            if pending.count >= Self.replyBatch {
                send(pending, on: router)
                pending.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Decodes one message and adds its reply to `pending` when it can be
    /// answered at once (an error, or a read of the ranking snapshot);
    /// otherwise hands it to an actor, whose reply comes back through the
    /// outbox. A wake-up from the outbox adds the replies waiting there, and
    /// returns true.
    private func accept(_ frames: ZMQReceivedFrames, answering pending: inout [Reply]) -> Bool {
        if outbox.isWakeUp(from: frames[0]) {
            pending.append(contentsOf: outbox.takeReplies())
            return true
        }
        let delimited = frames.count >= 2 && frames[1].isEmpty
        // One client's requests share a routing id: reuse the previous reply's copy.
        let peer: [UInt8]
        if let last = pending.last, last.peer.elementsEqual(frames[0]) {
            peer = last.peer
        } else {
            peer = Array(frames[0])
        }
        let payloadIndex = delimited ? 2 : 1
        guard frames.count == payloadIndex + 1, !frames.isTruncated else {
            pending.append(errorReply(
                peer: peer, delimited: delimited, requestID: 0,
                ArbiterError(.malformedRequest, "expected one frame (DEALER) or an empty delimiter frame then one frame (REQ); got \(frames.count - 1 + frames.discardedFrameCount)")))
            return false
        }
        // Every TCP peer of a CURVE socket passed ZAP, which named its role in the user id.
        let role = security.isAuthenticated
            ? ZAPHandler.role(ofUserID: frames.property("User-Id", ofFrame: payloadIndex)) : nil
        let request: WireRequest
        switch intake.accept(frames[payloadIndex], authenticated: security.isAuthenticated, role: role) {
        case .success(let accepted):
            request = accepted
        case .failure(let refusal):
            pending.append(errorReply(peer: peer, delimited: delimited, requestID: refusal.requestID, refusal.error))
            return false
        }
        if let response = handler.answerImmediately(request) {
            pending.append(Reply(peer: peer, delimited: delimited, payload: ZMQMessage(WireCodec.encode(response))))
            return false
        }
        outbox.begin()
        let handler = handler
        let outbox = outbox
        Task {
            let response = await handler.handle(request)
            outbox.post(Reply(peer: peer, delimited: delimited, payload: ZMQMessage(WireCodec.encode(response))))
        }
        return false
    }

    private func errorReply(peer: [UInt8], delimited: Bool, requestID: UInt64, _ error: ArbiterError) -> Reply {
        Reply(peer: peer, delimited: delimited, payload: ZMQMessage(WireCodec.encode(WireResponse(requestID: requestID, result: .failure(error)))))
    }

    /// Sends each reply: the routing id, the empty delimiter a REQ client expects, then the payload.
    private func send(_ replies: [Reply], on router: ZMQSocket) {
        for reply in replies {
            do {
                // A ROUTER queues a message's frames together and drops the earlier
                // ones when a later one cannot be queued, so no half reply is left.
                try router.send(reply.peer, more: true, dontWait: true)
                if reply.delimited { try router.send([UInt8](), more: true, dontWait: true) }
                try router.send(reply.payload, dontWait: true)
            } catch {
                // The client is gone (EHOSTUNREACH) or not reading (high-water
                // mark): it will time out and retry, and retries are idempotent.
                logger.debug("reply dropped", metadata: ["error": "\(error)"])
            }
        }
    }
}
