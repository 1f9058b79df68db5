import CZeroMQ

/// Readiness of a socket or file descriptor, as `zmq_poll` and `ZMQ_EVENTS` report it.
public struct ZMQEvents: OptionSet, Sendable, Hashable {
    public var rawValue: Int16

    public init(rawValue: Int16) {
        self.rawValue = rawValue
    }

    /// At least one message (or, for a file descriptor, data) can be received without blocking.
    public static let pollIn = ZMQEvents(rawValue: Int16(ZMQ_POLLIN))
    /// At least one message can be sent without blocking.
    public static let pollOut = ZMQEvents(rawValue: Int16(ZMQ_POLLOUT))
    /// An error condition on a file descriptor; never set for a socket.
    public static let pollErr = ZMQEvents(rawValue: Int16(ZMQ_POLLERR))
}
