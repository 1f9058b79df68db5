import ArbiterCore
import ArbiterWire
import Foundation
import Logging
import Synchronization
import ZeroMQ

/// Answers requests on the ROUTER socket from one dedicated I/O thread.
///
/// libzmq sockets are not thread-safe and their calls block, so one thread
/// owns the ROUTER socket and runs `zmq_poll`; decoded requests go to the
/// actors as tasks, and their replies come back through ``Outbox``, which
/// wakes the thread over an inproc PAIR socket. The thread never waits on the
/// cooperative pool, and the pool never waits on a socket.
final class RequestFrontEnd: Sendable {
    /// The routing id, whether the client sent an empty delimiter frame (REQ
    /// does; DEALER need not), and the encoded response.
    struct Reply: Sendable {
        var peer: [UInt8]
        var delimited: Bool
        var payload: [UInt8]
    }

    private enum Lifecycle {
        case idle
        case running(bound: String)
        case stopping
        case stopped
    }

    private let configuration: ServerConfiguration
    private let handler: RequestHandler
    private let logger: Logger
    private let context: ZMQContext
    private let outbox: Outbox
    private let lifecycle = Mutex<Lifecycle>(.idle)
    private let exited = DispatchSemaphore(value: 0)
    private let wakeEndpoint: String

    /// Most messages read per wake-up before replies are sent again, so a
    /// flood of requests cannot starve the answers.
    private static let receiveBudget = 512

    init(configuration: ServerConfiguration, handler: RequestHandler, logger: Logger) throws(ZMQError) {
        self.configuration = configuration
        self.handler = handler
        self.logger = logger
        wakeEndpoint = "inproc://arbiter-wake-\(UUID().uuidString)"
        context = try ZMQContext(ioThreads: 1)
        outbox = try Outbox(context: context, wakeEndpoint: wakeEndpoint)
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
            let sockets: (router: ZMQSocket, wake: ZMQSocket)
            do {
                sockets = try openSockets()
            } catch {
                started.withLock { $0 = .failure(error) }
                ready.signal()
                exited.signal()
                return
            }
            let bound = (try? sockets.router.lastEndpoint) ?? configuration.listen
            lifecycle.withLock { $0 = .running(bound: bound) }
            started.withLock { $0 = .success(bound) }
            ready.signal()
            serve(router: sockets.router, wake: sockets.wake)
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

    private func openSockets() throws(ZMQError) -> (router: ZMQSocket, wake: ZMQSocket) {
        let router = try ZMQSocket(context: context, type: .router)
        // A reply to a vanished or full peer is an error to log, not a silent drop.
        try router.setRouterMandatory(true)
        try router.setLinger(milliseconds: 1000)
        try router.setSendHighWaterMark(Int(configuration.highWaterMark))
        try router.setReceiveHighWaterMark(Int(configuration.highWaterMark))
        // Far above the answered limit: frames between the two get a clear
        // RESOURCE_EXHAUSTED; only absurd ones make libzmq drop the peer.
        try router.setMaxMessageSize(Int64(configuration.maxRequestBytes) * 4)
        try router.bind(configuration.listen)

        let wake = try ZMQSocket(context: context, type: .pair)
        try wake.setLinger(milliseconds: 0)
        try wake.bind(wakeEndpoint)
        return (router, wake)
    }

    private func serve(router: ZMQSocket, wake: ZMQSocket) {
        var poller = ZMQPoller()
        let routerIndex = poller.register(router, for: .pollIn)
        let wakeIndex = poller.register(wake, for: .pollIn)
        var stopDeadline: ContinuousClock.Instant?
        while true {
            if stopDeadline == nil, lifecycle.withLock({ if case .stopping = $0 { true } else { false } }) {
                stopDeadline = .now + .seconds(5)
                poller.update(routerIndex, for: [])
            }
            if let stopDeadline, outbox.inFlight == 0 || ContinuousClock.now >= stopDeadline { break }
            let ready: [ZMQPoller.Ready]
            do {
                ready = try poller.poll(timeout: stopDeadline == nil ? -1 : 50)
            } catch {
                logger.error("zmq_poll failed", metadata: ["error": "\(error)"])
                continue
            }
            for item in ready {
                if item.index == wakeIndex {
                    while (try? wake.receive(dontWait: true)) != nil {}
                }
            }
            send(outbox.takeReplies(), on: router)
            if ready.contains(where: { $0.index == routerIndex }) && stopDeadline == nil {
                receiveRequests(from: router)
            }
        }
        send(outbox.takeReplies(), on: router)
        outbox.uninstall()
        wake.close()
        router.close()
        lifecycle.withLock { $0 = .stopped }
    }

    private func receiveRequests(from router: ZMQSocket) {
        for _ in 0..<Self.receiveBudget {
            do {
                let immediate: Reply? = try router.withReceivedFrames(dontWait: true, maxFrames: 4) { frames in
                    accept(frames)
                }
                if let immediate { send([immediate], on: router) }
            } catch ZMQError.wouldBlock {
                return
            } catch {
                logger.error("receiving a request failed", metadata: ["error": "\(error)"])
                return
            }
        }
    }

    /// Decodes one message; returns a reply to send now (an error, or a read of
    /// the ranking snapshot), or nil once the request went to an actor.
    private func accept(_ frames: ZMQReceivedFrames) -> Reply? {
        let peer = Array(frames[0])
        let delimited = frames.count >= 2 && frames[1].isEmpty
        let payloadIndex = delimited ? 2 : 1
        guard frames.count == payloadIndex + 1, !frames.isTruncated else {
            return errorReply(
                peer: peer, delimited: delimited, requestID: 0,
                ArbiterError(.malformedRequest, "expected one frame (DEALER) or an empty delimiter frame then one frame (REQ); got \(frames.count - 1 + frames.discardedFrameCount)"))
        }
        let payload = frames[payloadIndex]
        guard payload.count <= configuration.maxRequestBytes else {
            return errorReply(
                peer: peer, delimited: delimited, requestID: WireCodec.peekRequestID(payload),
                ArbiterError(.resourceExhausted, "request of \(payload.count) bytes is over the limit of \(configuration.maxRequestBytes) bytes"))
        }
        let request: WireRequest
        do {
            request = try WireCodec.decodeRequest(payload, maxBatchSize: configuration.maxBatchSize)
        } catch {
            return errorReply(peer: peer, delimited: delimited, requestID: WireCodec.peekRequestID(payload), error)
        }
        if let response = handler.answerImmediately(request) {
            return Reply(peer: peer, delimited: delimited, payload: WireCodec.encode(response))
        }
        outbox.begin()
        let handler = handler
        let outbox = outbox
        Task {
            let response = await handler.handle(request)
            outbox.post(Reply(peer: peer, delimited: delimited, payload: WireCodec.encode(response)))
        }
        return nil
    }

    private func errorReply(peer: [UInt8], delimited: Bool, requestID: UInt64, _ error: ArbiterError) -> Reply {
        Reply(peer: peer, delimited: delimited, payload: WireCodec.encode(WireResponse(requestID: requestID, result: .failure(error))))
    }

    private func send(_ replies: [Reply], on router: ZMQSocket) {
        for reply in replies {
            let frames = reply.delimited ? [reply.peer, [], reply.payload] : [reply.peer, reply.payload]
            do {
                try router.send(multipart: frames, dontWait: true)
            } catch {
                // The client is gone (EHOSTUNREACH) or not reading (high-water
                // mark): it will time out and retry, and retries are idempotent.
                logger.debug("reply dropped", metadata: ["error": "\(error)"])
            }
        }
    }
}
