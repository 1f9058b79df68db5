import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A libzmq socket.
///
/// Not `Sendable`: libzmq sockets are not thread safe, so one thread at a time
/// owns a socket. Either create it on the thread that uses it (the context is
/// `Sendable`, so pass that), or move it once with full ownership: a freshly
/// made socket is a disconnected value that Swift lets you pass to a `sending`
/// parameter (such as `Task.detached`'s closure), and ``ZMQSocketHandoff``
/// carries one to a thread whose entry point takes only `Sendable` values.
/// libzmq allows such a migration when it crosses a memory barrier, which both
/// paths provide.
///
/// The socket is closed when the last reference goes, or by ``close()``. It
/// keeps its ``context`` alive until then.
public final class ZMQSocket {
    /// The socket's messaging pattern.
    public let type: ZMQSocketType
    /// The context the socket belongs to.
    public let context: ZMQContext
    /// `nil` once closed; every call then fails with `ENOTSOCK` instead of touching freed memory.
    private var handle: UnsafeMutableRawPointer?

    /// Creates a socket of `type` in `context`.
    public init(context: ZMQContext, type: ZMQSocketType) throws(ZMQError) {
        self.type = type
        self.context = context
        self.handle = try context.makeSocketHandle(type)
    }

    deinit {
        close()
    }

    /// Whether ``close()`` has run.
    public var isClosed: Bool {
        handle == nil
    }

    /// Closes the socket. Unsent messages are still delivered in the background
    /// for the linger period. Idempotent.
    public func close() {
        guard let handle else {
            return
        }
        self.handle = nil
        // zmq_close fails only with ENOTSOCK, which a non-nil handle rules out.
        zmq_close(handle)
    }

    /// The open handle, or `ENOTSOCK` naming `call` when the socket is closed.
    @inline(__always)
    func openHandle(_ call: @autoclosure () -> String) throws(ZMQError) -> UnsafeMutableRawPointer {
        guard let handle else {
            throw .failed(call: call(), errno: ENOTSOCK)
        }
        return handle
    }

    // MARK: Endpoints

    /// Accepts connections on `endpoint`, such as `tcp://127.0.0.1:7470`,
    /// `tcp://127.0.0.1:*` (any free port, see ``lastEndpoint``) or `inproc://name`.
    public func bind(_ endpoint: String) throws(ZMQError) {
        let socket = try openHandle("zmq_bind(\(endpoint))")
        try zmqCall("zmq_bind(\(endpoint))") { zmq_bind(socket, endpoint) }
    }

    /// Connects to `endpoint`. Returns at once: libzmq connects, and reconnects, in the background.
    public func connect(_ endpoint: String) throws(ZMQError) {
        let socket = try openHandle("zmq_connect(\(endpoint))")
        try zmqCall("zmq_connect(\(endpoint))") { zmq_connect(socket, endpoint) }
    }

    /// Stops accepting connections on an endpoint given to ``bind(_:)`` (for a
    /// wildcard port, the one ``lastEndpoint`` reported).
    public func unbind(_ endpoint: String) throws(ZMQError) {
        let socket = try openHandle("zmq_unbind(\(endpoint))")
        try zmqCall("zmq_unbind(\(endpoint))") { zmq_unbind(socket, endpoint) }
    }

    /// Drops the connection to an endpoint given to ``connect(_:)``.
    public func disconnect(_ endpoint: String) throws(ZMQError) {
        let socket = try openHandle("zmq_disconnect(\(endpoint))")
        try zmqCall("zmq_disconnect(\(endpoint))") { zmq_disconnect(socket, endpoint) }
    }

    // MARK: Sending

    /// Sends one frame.
    ///
    /// - Parameters:
    ///   - more: More frames of the same message follow; the message is
    ///     delivered, atomically, once a frame is sent without `more`.
    ///   - dontWait: Throw ``ZMQError/wouldBlock(call:)`` instead of waiting
    ///     when the frame cannot be queued now (high-water mark, or no peer yet).
    public func send(_ frame: UnsafeRawBufferPointer, more: Bool = false, dontWait: Bool = false) throws(ZMQError) {
        let socket = try openHandle("zmq_send")
        let flags = (more ? ZMQ_SNDMORE : 0) | (dontWait ? ZMQ_DONTWAIT : 0)
        // zmq_send copies the bytes before it returns, so the buffer need not outlive the call.
        try zmqCall("zmq_send") { zmq_send(socket, frame.baseAddress, frame.count, flags) }
    }

    /// Sends one frame, such as a `[UInt8]`; see the `UnsafeRawBufferPointer` overload.
    public func send(_ frame: some Collection<UInt8>, more: Bool = false, dontWait: Bool = false) throws(ZMQError) {
        let sent = frame.withContiguousStorageIfAvailable { bytes in
            Result { () throws(ZMQError) in
                try self.send(UnsafeRawBufferPointer(bytes), more: more, dontWait: dontWait)
            }
        }
        if let sent {
            try sent.get()
        } else {
            let copy = Array(frame)
            try copy.withUnsafeBytes { bytes in
                Result { () throws(ZMQError) in try self.send(bytes, more: more, dontWait: dontWait) }
            }.get()
        }
    }

    /// Sends a message of one or more frames, all or nothing.
    ///
    /// - Parameter dontWait: Throw ``ZMQError/wouldBlock(call:)`` instead of
    ///   waiting when the message cannot be queued now.
    public func send(multipart frames: [[UInt8]], dontWait: Bool = false) throws(ZMQError) {
        guard !frames.isEmpty else {
            throw .failed(call: "zmq_send", errno: EINVAL)
        }
        let last = frames.count - 1
        // libzmq queues the frames of one message together: a ROUTER or DEALER
        // rolls back the earlier frames when a later one cannot be queued, so a
        // failure part way leaves no half message behind.
        for index in frames.indices {
            try send(frames[index], more: index != last, dontWait: dontWait)
        }
    }

    // MARK: Receiving

    /// Receives one frame.
    ///
    /// When ``receiveMore`` is then true, the frame was not the message's last
    /// and the rest must be received before the next message.
    ///
    /// - Parameter dontWait: Throw ``ZMQError/wouldBlock(call:)`` when no
    ///   message is waiting. A blocking receive throws that too when the
    ///   socket's receive timeout expires.
    public func receive(dontWait: Bool = false) throws(ZMQError) -> [UInt8] {
        let socket = try openHandle("zmq_msg_recv")
        let flags = dontWait ? ZMQ_DONTWAIT : 0
        return try withUnsafeTemporaryAllocation(of: zmq_msg_t.self, capacity: 1) { slot throws(ZMQError) in
            // The message lives at a fixed address: libzmq keeps short frames
            // inside zmq_msg_t itself, so its data pointer is only valid there.
            let message = slot.baseAddress!
            zmq_msg_init(message)
            defer { zmq_msg_close(message) }
            try zmqCall("zmq_msg_recv") { zmq_msg_recv(message, socket, flags) }
            return Self.copyBytes(of: message)
        }
    }

    /// Receives a whole message.
    ///
    /// Frames past `maxFrames` are received and dropped, so the socket never
    /// stays in the middle of a message; the result reports how many.
    ///
    /// - Parameters:
    ///   - dontWait: Throw ``ZMQError/wouldBlock(call:)`` when no message is waiting.
    ///   - maxFrames: The most frames to keep, at least 1.
    public func receiveMultipart(dontWait: Bool = false, maxFrames: Int = .max) throws(ZMQError) -> ZMQMultipartMessage {
        precondition(maxFrames >= 1, "maxFrames must be at least 1")
        let socket = try openHandle("zmq_msg_recv")
        return try withUnsafeTemporaryAllocation(of: zmq_msg_t.self, capacity: 1) { slot throws(ZMQError) in
            let message = slot.baseAddress!
            var result = ZMQMultipartMessage(frames: [])
            var more = true
            while more {
                // Later frames of a message have arrived with the first, so only the first may wait.
                let first = result.frames.isEmpty && result.discardedFrameCount == 0
                let flags = first && dontWait ? ZMQ_DONTWAIT : 0
                zmq_msg_init(message)
                defer { zmq_msg_close(message) }
                try zmqCall("zmq_msg_recv") { zmq_msg_recv(message, socket, flags) }
                more = zmq_msg_more(message) != 0
                if result.frames.count < maxFrames {
                    result.frames.append(Self.copyBytes(of: message))
                } else {
                    result.discardedFrameCount += 1
                }
            }
            return result
        }
    }

    /// Receives a whole message and lends its frames to `body` without copying them.
    ///
    /// The buffers are valid only inside `body`. Frames past `maxFrames` are
    /// received and dropped, as in ``receiveMultipart(dontWait:maxFrames:)``.
    ///
    /// - Parameters:
    ///   - dontWait: Throw ``ZMQError/wouldBlock(call:)`` when no message is waiting.
    ///   - maxFrames: The most frames to keep, 1 to 256.
    public func withReceivedFrames<Value>(
        dontWait: Bool = false,
        maxFrames: Int = 8,
        _ body: (ZMQReceivedFrames) throws -> Value
    ) throws -> Value {
        precondition((1...256).contains(maxFrames), "maxFrames must be 1 to 256")
        let socket = try openHandle("zmq_msg_recv")
        // One more slot than frames kept: the last one receives the dropped frames.
        return try withUnsafeTemporaryAllocation(of: zmq_msg_t.self, capacity: maxFrames + 1) { slots in
            let messages = slots.baseAddress!
            let scratch = messages + maxFrames
            var kept = 0
            var discarded = 0
            defer {
                for index in 0..<kept {
                    zmq_msg_close(messages + index)
                }
            }
            var more = true
            while more {
                let flags = kept == 0 && dontWait ? ZMQ_DONTWAIT : 0
                let message = kept < maxFrames ? messages + kept : scratch
                zmq_msg_init(message)
                do {
                    try zmqCall("zmq_msg_recv") { zmq_msg_recv(message, socket, flags) }
                } catch {
                    zmq_msg_close(message)
                    throw error
                }
                more = zmq_msg_more(message) != 0
                if message == scratch {
                    zmq_msg_close(message)
                    discarded += 1
                } else {
                    kept += 1
                }
            }
            return try body(ZMQReceivedFrames(messages: messages, count: kept, discardedFrameCount: discarded))
        }
    }

    private static func copyBytes(of message: UnsafeMutablePointer<zmq_msg_t>) -> [UInt8] {
        let count = zmq_msg_size(message)
        guard count > 0, let data = zmq_msg_data(message) else {
            return []
        }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: data, byteCount: count)
            initialized = count
        }
    }
}
