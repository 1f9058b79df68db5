import CZeroMQ
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A libzmq context: the I/O threads and the registry every socket belongs to.
///
/// Share one context between all threads of a process. Sockets keep their
/// context alive, so it is terminated when the last reference to it and the
/// last of its sockets are gone, or earlier by ``terminate()``. Termination
/// waits for each closed socket's linger period, so give sockets a bounded
/// ``ZMQSocket/setLinger(milliseconds:)``.
// @unchecked Sendable: libzmq documents contexts as thread safe ("a ØMQ context
// is thread safe and may be shared among as many application threads as
// necessary"), and `handle` is only passed to zmq_ctx_* and zmq_socket. The
// one hazard is using the handle after zmq_ctx_term freed it: `terminated`,
// behind a mutex, is set before zmq_ctx_term runs, and zmq_socket and
// zmq_ctx_shutdown run only while holding that mutex with the flag clear.
public final class ZMQContext: @unchecked Sendable {
    private let handle: UnsafeMutableRawPointer
    private let terminated = Mutex<Bool>(false)

    /// Creates a context.
    ///
    /// - Parameters:
    ///   - ioThreads: Background I/O threads; one moves about a gigabyte per second.
    ///   - maxSockets: The most sockets the context may hold; libzmq's default (1023) when `nil`.
    public init(ioThreads: Int = 1, maxSockets: Int? = nil) throws(ZMQError) {
        var created: UnsafeMutableRawPointer?
        try zmqCall("zmq_ctx_new") {
            created = zmq_ctx_new()
            return created == nil ? -1 : 0
        }
        guard let created else {
            preconditionFailure("zmq_ctx_new reported success without a context")
        }
        do {
            try zmqCall("zmq_ctx_set(ZMQ_IO_THREADS)") {
                zmq_ctx_set(created, ZMQ_IO_THREADS, Int32(clamping: ioThreads))
            }
            if let maxSockets {
                try zmqCall("zmq_ctx_set(ZMQ_MAX_SOCKETS)") {
                    zmq_ctx_set(created, ZMQ_MAX_SOCKETS, Int32(clamping: maxSockets))
                }
            }
        } catch {
            zmq_ctx_term(created)
            throw error
        }
        self.handle = created
    }

    deinit {
        terminate()
    }

    /// Makes every blocking call on the context's sockets fail with `ETERM`, on
    /// any thread, and refuses new sockets; returns at once.
    ///
    /// The sockets' owners should then close them, which lets ``terminate()`` finish.
    public func shutdown() {
        terminated.withLock { terminated in
            if !terminated {
                // Fails only for an invalid context, which the flag rules out.
                _ = zmq_ctx_shutdown(handle)
            }
        }
    }

    /// Shuts the context down, waits until every socket is closed and its
    /// linger period has passed, then frees the context. Idempotent.
    ///
    /// Blocks while sockets are open: the calling thread must not own one.
    public func terminate() {
        let first = terminated.withLock { terminated in
            defer { terminated = true }
            return !terminated
        }
        guard first else {
            return
        }
        // A signal interrupts the wait with EINTR, and zmqCall calls again as libzmq asks.
        _ = try? zmqCall("zmq_ctx_term") { zmq_ctx_term(handle) }
    }

    /// Creates a libzmq socket; the caller owns and closes it.
    func makeSocketHandle(_ type: ZMQSocketType) throws(ZMQError) -> UnsafeMutableRawPointer {
        try terminated.withLock { terminated throws(ZMQError) -> UnsafeMutableRawPointer in
            guard !terminated else {
                throw .failed(call: "zmq_socket", errno: ETERM)
            }
            var socket: UnsafeMutableRawPointer?
            try zmqCall("zmq_socket") {
                socket = zmq_socket(handle, type.rawValue)
                return socket == nil ? -1 : 0
            }
            return socket!
        }
    }

    /// The linked libzmq version, such as `(4, 3, 4)`.
    public static var libraryVersion: (major: Int, minor: Int, patch: Int) {
        var major: Int32 = 0
        var minor: Int32 = 0
        var patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return (Int(major), Int(minor), Int(patch))
    }

    /// Whether libzmq was built with a capability such as `"curve"`, `"ipc"` or `"draft"`.
    public static func hasCapability(_ name: String) -> Bool {
        zmq_has(name) != 0
    }
}
