import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A failed libzmq call: which call failed and why.
///
/// `EAGAIN` gets its own case because it is not a failure to most callers: a
/// `dontWait` call found nothing to do, or a receive or send timeout expired.
public enum ZMQError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The call would have blocked (`EAGAIN`): nothing to receive, no room to
    /// send, or the socket's receive or send timeout expired.
    case wouldBlock(call: String)
    /// The call failed with `errno`.
    case failed(call: String, errno: Int32)

    /// The libzmq function that failed, with the option it set or read when there is one.
    public var call: String {
        switch self {
        case .wouldBlock(let call), .failed(let call, _):
            return call
        }
    }

    /// The `errno` value; `EAGAIN` for ``wouldBlock(call:)``.
    public var errno: Int32 {
        switch self {
        case .wouldBlock:
            return EAGAIN
        case .failed(_, let errno):
            return errno
        }
    }

    /// libzmq's text for ``errno`` (`zmq_strerror`), which also knows libzmq's own codes such as `ETERM`.
    public var message: String {
        String(cString: zmq_strerror(errno))
    }

    /// Whether the socket's context was shut down or terminated (`ETERM`):
    /// the socket's owner should close it and stop.
    public var isContextTerminated: Bool {
        errno == ETERM
    }

    public var description: String {
        "\(call) failed: \(message) (errno \(errno))"
    }
}

/// Runs one libzmq call the way swift-nio wraps system calls: retries on
/// `EINTR`, maps `EAGAIN` to ``ZMQError/wouldBlock(call:)`` and any other
/// failure to ``ZMQError/failed(call:errno:)`` naming the call.
///
/// `body` returns the C function's `int` result, where -1 means failure; calls
/// that return a pointer map `NULL` to -1. `body` runs again after `EINTR`, so
/// it must be safe to repeat (a poll recomputes its remaining timeout there).
@inline(__always)
@discardableResult
func zmqCall(_ name: @autoclosure () -> String, _ body: () -> Int32) throws(ZMQError) -> Int32 {
    while true {
        let result = body()
        if result != -1 {
            return result
        }
        let code = zmq_errno()
        switch code {
        case EINTR:
            continue
        case EAGAIN:
            throw .wouldBlock(call: name())
        default:
            throw .failed(call: name(), errno: code)
        }
    }
}
