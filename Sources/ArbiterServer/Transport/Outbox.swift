import Synchronization
import ZeroMQ

/// Replies on their way from the actors back to the I/O thread.
///
/// Any thread may post; only the I/O thread takes. A post wakes the I/O
/// thread, only when the queue was empty (so a burst of replies costs one
/// wake-up), with a one-byte message from an inproc DEALER to the ROUTER
/// socket the thread waits on, told from requests by its routing id. The
/// DEALER is used under the mutex only, which serialises it and gives libzmq
/// the memory barrier it needs when a socket is used from more than one thread.
final class Outbox: Sendable {
    private struct State: ~Copyable {
        var replies: [RequestFrontEnd.Reply] = []
        var wakeSender: ZMQSocket?
        var inFlight = 0
    }

    private let state: Mutex<State>
    /// The wake-ups' routing id: random, so that no client can guess it and
    /// pose as the outbox (libzmq's own ids start with a zero byte, this one not).
    private let routingID: [UInt8]

    /// Connects the wake-up sender to `wakeEndpoint`; inproc allows the
    /// ROUTER to bind later, on the I/O thread that owns it.
    init(context: ZMQContext, wakeEndpoint: String) throws(ZMQError) {
        var random = SystemRandomNumberGenerator()
        routingID = (0..<16).map { _ in UInt8.random(in: 1...255, using: &random) }
        let sender = try ZMQSocket(context: context, type: .dealer)
        try sender.setLinger(milliseconds: 0)
        try sender.setRoutingID(routingID)
        try sender.connect(wakeEndpoint)
        state = Mutex(State(wakeSender: sender))
    }

    /// Whether a message the ROUTER received from `peer` is a wake-up from here.
    func isWakeUp(from peer: UnsafeRawBufferPointer) -> Bool {
        peer.count == routingID.count && peer.elementsEqual(routingID)
    }

    func uninstall() {
        state.withLock { state in
            state.wakeSender?.close()
            state.wakeSender = nil
        }
    }

    /// A request went to an actor; its reply is owed.
    func begin() {
        state.withLock { $0.inFlight += 1 }
    }

    var inFlight: Int {
        state.withLock { $0.inFlight }
    }

    func post(_ reply: RequestFrontEnd.Reply) {
        state.withLock { state in
            state.inFlight -= 1
            state.replies.append(reply)
            if state.replies.count == 1 { Self.signal(state.wakeSender) }
        }
    }

    /// Wakes the I/O thread without a reply (to notice a stop request).
    func wake() {
        state.withLock { Self.signal($0.wakeSender) }
    }

    func takeReplies() -> [RequestFrontEnd.Reply] {
        state.withLock { state in
            guard !state.replies.isEmpty else { return [] }
            let replies = state.replies
            state.replies.removeAll(keepingCapacity: true)
            return replies
        }
    }

    private static func signal(_ sender: ZMQSocket?) {
        // A full pipe already holds a wake-up, which is all that is needed.
        try? sender?.send([UInt8(1)], dontWait: true)
    }
}
