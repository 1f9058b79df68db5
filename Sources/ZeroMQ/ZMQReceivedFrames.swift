import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The frames of a received message, lent by ``ZMQSocket/withReceivedFrames(dontWait:maxFrames:_:)``.
///
/// Each element points into libzmq's own buffer: read it inside the closure,
/// and copy what must outlive it.
public struct ZMQReceivedFrames: RandomAccessCollection {
    private let messages: UnsafeMutablePointer<zmq_msg_t>
    /// Frames received after the limit and dropped.
    public let discardedFrameCount: Int
    public let endIndex: Int

    init(messages: UnsafeMutablePointer<zmq_msg_t>, count: Int, discardedFrameCount: Int) {
        self.messages = messages
        self.endIndex = count
        self.discardedFrameCount = discardedFrameCount
    }

    public var startIndex: Int {
        0
    }

    public subscript(position: Int) -> UnsafeRawBufferPointer {
        precondition(indices.contains(position), "frame index out of range")
        let message = messages + position
        return UnsafeRawBufferPointer(start: zmq_msg_data(message), count: zmq_msg_size(message))
    }

    /// A property of the connection a frame arrived on (`zmq_msg_gets`), such
    /// as `"User-Id"` (set by the ZAP handler that admitted the peer) or
    /// `"Peer-Address"`; nil when the connection has no such property (an
    /// inproc peer, or no ZAP handler).
    ///
    /// The bytes (without the terminating NUL) point into libzmq's metadata
    /// for the frame, like the frame itself: read them inside the closure.
    /// The name is a `StaticString` because passing a `String` to C copies a
    /// short one to the heap on every call.
    public func property(_ name: StaticString, ofFrame position: Int) -> UnsafeRawBufferPointer? {
        precondition(indices.contains(position), "frame index out of range")
        // A literal of two or more characters is stored NUL-terminated; a one-scalar one has no pointer.
        precondition(name.hasPointerRepresentation, "property names are string literals")
        let cName = UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self)
        guard let value = zmq_msg_gets(messages + position, cName) else { return nil }
        return UnsafeRawBufferPointer(start: value, count: strlen(value))
    }

    /// Whether the message had more frames than were kept.
    public var isTruncated: Bool {
        discardedFrameCount > 0
    }
}
