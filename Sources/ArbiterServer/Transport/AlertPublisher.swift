import ArbiterCore
import ArbiterWire
import Foundation
import Logging
import Synchronization
import ZeroMQ

/// Publishes alerts on a ZeroMQ PUB socket from a thread of its own.
///
/// The socket belongs to that thread alone; the recorder hands it alerts through a queue
/// under a mutex and wakes it with a semaphore, so neither the cooperative pool nor the
/// request I/O thread ever touches the socket or waits on it. Sends never wait either: PUB
/// drops a message for a subscriber whose queue is full, which then catches up by id with
/// `list_alerts`.
final class AlertPublisher: Sendable {
    private struct State {
        /// Topic and payload frames, in id order.
        var queue: [(topic: [UInt8], payload: [UInt8])] = []
        var stopping = false
        var bound: String?
    }

    private let endpoint: String
    private let highWaterMark: Int32
    private let logger: Logger
    private let context: ZMQContext
    private let security: SocketSecurity
    /// Kept for the context's lifetime; it stops when the context terminates.
    private let authenticator: ZAPHandler?
    private let state = Mutex(State())
    private let wake = DispatchSemaphore(value: 0)
    private let exited = DispatchSemaphore(value: 0)

    /// Alerts waiting for the thread beyond this are dropped (and logged): the history has them.
    private static let queueLimit = 100_000

    init(endpoint: String, highWaterMark: Int32, security: SocketSecurity, logger: Logger) throws {
        self.endpoint = endpoint
        self.highWaterMark = highWaterMark
        self.security = security
        self.logger = logger
        context = try ZMQContext(ioThreads: 1)
        // libzmq asks the ZAP handler of the socket's own context.
        authenticator = try security.startAuthenticator(in: context, logger: logger)
    }

    /// The endpoint actually bound (a `*` port resolved), once started.
    var boundEndpoint: String? { state.withLock { $0.bound } }

    /// Binds the socket on the publisher thread; throws when binding fails.
    func start() throws {
        let started = Mutex<Result<String, any Error>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            let socket: ZMQSocket
            do {
                socket = try ServerSockets.makePublisher(context: context, highWaterMark: highWaterMark, security: security)
                try socket.bind(endpoint)
            } catch {
                started.withLock { $0 = .failure(error) }
                ready.signal()
                exited.signal()
                return
            }
            let bound = (try? socket.lastEndpoint) ?? endpoint
            state.withLock { $0.bound = bound }
            started.withLock { $0 = .success(bound) }
            ready.signal()
            serve(socket)
            exited.signal()
        }
        thread.name = "arbiter-alerts"
        thread.stackSize = 512 << 10
        thread.start()
        ready.wait()
        if case .failure(let error) = started.withLock({ $0 }) { throw error }
    }

    /// Queues alerts for publishing, in the order given; returns at once.
    func publish(_ alerts: [Alert]) {
        guard !alerts.isEmpty else { return }
        let messages = alerts.map { (Array($0.topic.utf8), WireCodec.encode($0)) }
        let dropped = state.withLock { state -> Int in
            guard !state.stopping else { return messages.count }
            state.queue.append(contentsOf: messages)
            let excess = max(0, state.queue.count - Self.queueLimit)
            state.queue.removeFirst(excess)
            return excess
        }
        if dropped > 0 {
            logger.warning("alerts not published (the publisher is stopping or behind); list_alerts has them", metadata: ["count": "\(dropped)"])
        }
        wake.signal()
    }

    /// Publishes what is queued, closes the socket (lingering up to a second) and ends the thread.
    func stop() async {
        let running = state.withLock { state -> Bool in
            guard state.bound != nil, !state.stopping else { return false }
            state.stopping = true
            return true
        }
        guard running else { return }
        wake.signal()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                self.exited.wait()
                self.context.terminate()
                continuation.resume()
            }
        }
    }

    // MARK: - The publisher thread

    private func serve(_ socket: ZMQSocket) {
        while true {
            wake.wait()
            let (messages, stopping) = state.withLock { state in
                defer { state.queue.removeAll(keepingCapacity: true) }
                return (state.queue, state.stopping)
            }
            for message in messages {
                do {
                    try socket.send(message.topic, more: true, dontWait: true)
                    try socket.send(message.payload, dontWait: true)
                } catch {
                    logger.debug("alert not published", metadata: ["error": "\(error)"])
                }
            }
            if stopping { break }
        }
        socket.close()
    }
}
