import SystemPackage
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Calls swift-system does not wrap: flushing to stable storage and advisory locks.
extension FileDescriptor {
    /// `fdatasync(2)`: the file's data (and the size it needs to be read back) is on stable storage.
    func synchronizeData() throws(Errno) {
        try Self.retryingInterrupts { fdatasync(rawValue) }
    }

    /// `fsync(2)`: data and metadata; used on directories after a rename or a new file.
    func synchronize() throws(Errno) {
        try Self.retryingInterrupts { fsync(rawValue) }
    }

    /// Takes an exclusive, non-blocking `flock(2)`; false when another process holds it.
    func tryLockExclusively() throws(Errno) -> Bool {
        do {
            try Self.retryingInterrupts { flock(rawValue, LOCK_EX | LOCK_NB) }
            return true
        } catch where error == .wouldBlock {
            return false
        }
    }

    /// Runs a C call that returns -1 and sets errno on failure, retrying `EINTR`.
    private static func retryingInterrupts(_ call: () -> Int32) throws(Errno) {
        while true {
            if call() != -1 { return }
            let error = Errno(rawValue: errno)
            if error != .interrupted { throw error }
        }
    }
}
