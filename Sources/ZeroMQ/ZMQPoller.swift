import CZeroMQ

/// Waits until any of a set of sockets, or plain file descriptors, is ready.
///
/// Register each item once and poll in a loop; the poller keeps its sockets
/// alive. Like a socket, a poller belongs to one thread.
public struct ZMQPoller {
    /// One ready item: its index, in registration order, and what it is ready for.
    public struct Ready: Sendable, Hashable {
        public var index: Int
        public var events: ZMQEvents

        public init(index: Int, events: ZMQEvents) {
            self.index = index
            self.events = events
        }
    }

    /// `nil` for a file descriptor.
    private var sockets: [ZMQSocket?] = []
    private var items: [zmq_pollitem_t] = []

    public init() {}

    /// The number of registered items.
    public var count: Int {
        items.count
    }

    /// Watches `socket` for `events`; returns the item's index.
    @discardableResult
    public mutating func register(_ socket: ZMQSocket, for events: ZMQEvents = .pollIn) -> Int {
        sockets.append(socket)
        // The handle is filled in at each poll, so a socket closed meanwhile fails cleanly.
        items.append(zmq_pollitem_t(socket: nil, fd: -1, events: events.rawValue, revents: 0))
        return items.count - 1
    }

    /// Watches a file descriptor, such as a pipe or eventfd that wakes the
    /// polling thread, for `events`; returns the item's index.
    @discardableResult
    public mutating func register(fileDescriptor: Int32, for events: ZMQEvents = .pollIn) -> Int {
        sockets.append(nil)
        items.append(zmq_pollitem_t(socket: nil, fd: fileDescriptor, events: events.rawValue, revents: 0))
        return items.count - 1
    }

    /// Changes what the item at `index` is watched for.
    public mutating func update(_ index: Int, for events: ZMQEvents) {
        items[index].events = events.rawValue
    }

    /// Waits until at least one item is ready, or `timeout` milliseconds pass
    /// (-1 waits forever, 0 only checks), and returns the ready items; empty
    /// after a timeout.
    public mutating func poll(timeout milliseconds: Int) throws(ZMQError) -> [Ready] {
        for index in items.indices {
            if let socket = sockets[index] {
                items[index].socket = try socket.openHandle("zmq_poll")
            }
            items[index].revents = 0
        }
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: .milliseconds(max(milliseconds, 0)))
        let readyCount = try items.withUnsafeMutableBufferPointer { buffer throws(ZMQError) in
            try zmqCall("zmq_poll") {
                // Called again after EINTR: wait only for what is left of the timeout.
                let remaining = milliseconds < 0 ? -1 : Self.milliseconds(until: deadline, clock: clock)
                return zmq_poll(buffer.baseAddress, Int32(buffer.count), remaining)
            }
        }
        var ready: [Ready] = []
        if readyCount > 0 {
            ready.reserveCapacity(Int(readyCount))
            for index in items.indices where items[index].revents != 0 {
                ready.append(Ready(index: index, events: ZMQEvents(rawValue: items[index].revents)))
            }
        }
        return ready
    }

    /// What the item at `index` was ready for at the last ``poll(timeout:)``.
    public func readyEvents(at index: Int) -> ZMQEvents {
        ZMQEvents(rawValue: items[index].revents)
    }

    private static func milliseconds(until deadline: ContinuousClock.Instant, clock: ContinuousClock) -> Int {
        let left = clock.now.duration(to: deadline)
        guard left > .zero else {
            return 0
        }
        let (seconds, attoseconds) = left.components
        // Round up, so a wait never ends just before the deadline.
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }
}
