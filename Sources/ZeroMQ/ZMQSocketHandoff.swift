import Synchronization

/// Carries a ``ZMQSocket`` to the thread that will own it.
///
/// A socket is not `Sendable`, so a closure that must be `@Sendable`, such as
/// a `Thread`'s entry point, cannot capture one. Wrap the freshly made socket
/// here, capture the handoff instead, and ``take()`` the socket on the new
/// thread. The mutex makes the move a memory barrier, which libzmq requires
/// when a socket changes threads, and the `sending` transfers make sure the
/// old thread kept no reference.
public final class ZMQSocketHandoff: Sendable {
    private let slot: Mutex<ZMQSocket?>

    /// Wraps `socket`; the caller gives it up.
    public init(_ socket: sending ZMQSocket) {
        self.slot = Mutex(socket)
    }

    /// The socket, to the first caller only; `nil` afterwards.
    public func take() -> sending ZMQSocket? {
        slot.withLock { socket in
            socket.take()
        }
    }
}
