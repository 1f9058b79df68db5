/// When the write-ahead log is flushed to stable storage (`--fsync`).
public enum FsyncPolicy: Sendable, Hashable, CustomStringConvertible {
    /// A mutation is acknowledged only once it is on disk. Concurrent calls share
    /// one `fdatasync` (group commit), so a batch or a burst costs one flush.
    case always
    /// Acknowledged once written to the OS; flushed every interval. A power cut
    /// loses at most one interval; a crashed process loses nothing.
    case interval(Duration)
    /// Flushed only on rotation and shutdown.
    case never

    public var description: String {
        switch self {
        case .always: "always"
        case .interval: "interval"
        case .never: "never"
        }
    }
}
