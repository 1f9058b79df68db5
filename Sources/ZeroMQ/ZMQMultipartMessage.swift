/// A message received whole by ``ZMQSocket/receiveMultipart(dontWait:maxFrames:)``.
public struct ZMQMultipartMessage: Sendable, Hashable {
    /// The frames kept, in order.
    public var frames: [[UInt8]]
    /// Frames received after the limit and dropped.
    public var discardedFrameCount: Int

    public init(frames: [[UInt8]], discardedFrameCount: Int = 0) {
        self.frames = frames
        self.discardedFrameCount = discardedFrameCount
    }

    /// Whether the message had more frames than were kept.
    public var isTruncated: Bool {
        discardedFrameCount > 0
    }
}
