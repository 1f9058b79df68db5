import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One outgoing frame, its bytes copied into a buffer of libzmq's own when it is made.
///
/// Sending it (`ZMQSocket.send(_:more:dontWait:)`) hands that buffer to libzmq
/// without a copy, so a large frame is copied by the thread that makes it, not by the thread
/// that owns the socket: one that serves other peers between sends.
public final class ZMQMessage: @unchecked Sendable {
    // Unchecked: the zmq_msg_t is filled in init and afterwards touched only by `send` (which
    // empties it) and deinit. A message is made on one thread and handed to the socket's thread
    // through a lock, and it is sent once: no two threads use it at the same time.
    private let message: UnsafeMutablePointer<zmq_msg_t>

    /// A frame holding a copy of `bytes`.
    public init(_ bytes: [UInt8]) {
        message = .allocate(capacity: 1)
        // zmq_msg_init_size fails only when malloc does, as Swift's own allocations trap then.
        precondition(zmq_msg_init_size(message, bytes.count) == 0, "zmq_msg_init_size: out of memory")
        if !bytes.isEmpty {
            bytes.withUnsafeBytes { source in
                zmq_msg_data(message).copyMemory(from: source.baseAddress!, byteCount: source.count)
            }
        }
    }

    /// Bytes in the frame; 0 once sent.
    public var count: Int { zmq_msg_size(message) }

    deinit {
        zmq_msg_close(message)
        message.deallocate()
    }

    /// Sends the message on `socket`: libzmq takes its buffer and leaves it empty; a failed send leaves it as it was.
    func send(on socket: UnsafeMutableRawPointer, flags: Int32) throws(ZMQError) {
        _ = try zmqCall("zmq_msg_send") { zmq_msg_send(message, socket, flags) }
    }
}

extension ZMQSocket {
    /// Sends `message` as one frame, handing its buffer to libzmq (see ``ZMQMessage``); the
    /// message is empty afterwards. A failed send leaves it as it was.
    public func send(_ message: ZMQMessage, more: Bool = false, dontWait: Bool = false) throws(ZMQError) {
        let socket = try openHandle("zmq_msg_send")
        try message.send(on: socket, flags: (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0))
    }
}
