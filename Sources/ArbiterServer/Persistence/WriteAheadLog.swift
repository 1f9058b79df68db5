import ArbiterCore
import Dispatch
import Synchronization
import SystemPackage

/// The append-only log of every accepted mutation, in numbered segments.
///
/// `append` writes under a lock (so frames never interleave) and returns a log
/// sequence number; `waitUntilDurable` suspends until an `fdatasync` covering it
/// has finished. Flushes run on one serial queue off the cooperative pool, and
/// a flush covers everything written before it started, so waiters that queue
/// up behind a flush in progress are released by the next single flush.
final class WriteAheadLog: Sendable {
    static let magic: [UInt8] = Array("ARBWAL01".utf8)
    static let headerSize = 16

    private struct State {
        var fd: FileDescriptor
        var segment: UInt64
        /// Bytes in the current segment file, header included.
        var segmentLength: Int64
        /// Log sequence numbers: bytes appended and bytes flushed since this process opened the log.
        var appended: UInt64 = 0
        var synced: UInt64 = 0
        /// Set when a flush failed: what was written may not be on disk, and
        /// retrying fsync cannot tell, so the log refuses further writes.
        var failure: ArbiterError?
        var closed = false
    }

    let directory: StateDirectory
    let policy: FsyncPolicy
    private let state: Mutex<State>
    private let flushQueue = DispatchQueue(label: "arbiter.wal.flush")

    /// Opens `segment` for appending after its first `validLength` bytes, creating it when it does not exist.
    init(directory: StateDirectory, segment: UInt64, validLength: Int64?, policy: FsyncPolicy) throws(PersistenceError) {
        self.directory = directory
        self.policy = policy
        let (fd, length) = try Self.open(directory: directory, segment: segment, validLength: validLength)
        state = Mutex(State(fd: fd, segment: segment, segmentLength: length))
    }

    /// The current segment and its size in bytes.
    var position: (segment: UInt64, bytes: Int64) {
        state.withLock { ($0.segment, $0.segmentLength) }
    }

    /// Appends framed records; nothing of them stays in the file when this throws.
    func append(_ frames: [UInt8]) throws(ArbiterError) -> UInt64 {
        let result: Result<UInt64, ArbiterError> = state.withLock { state in
            if let failure = state.failure { return .failure(failure) }
            if state.closed { return .failure(ArbiterError(.unavailable, "the server is shutting down")) }
            do {
                _ = try state.fd.writeAll(toAbsoluteOffset: state.segmentLength, frames)
            } catch {
                // A partial frame followed by later frames would read as corruption: cut it off.
                do {
                    try state.fd.resize(to: state.segmentLength)
                } catch {
                    state.failure = ArbiterError(.unavailable, "write-ahead log is damaged (ftruncate: \(error)); restart the server")
                }
                let failure = PersistenceError(call: "write", path: directory.walSegment(state.segment), errno: error)
                if failure.isSpaceExhausted {
                    return .failure(ArbiterError(.resourceExhausted, "the state directory is full (\(failure)); nothing was recorded"))
                }
                return .failure(ArbiterError(.internal, "could not write the write-ahead log: \(failure)"))
            }
            state.segmentLength += Int64(frames.count)
            state.appended += UInt64(frames.count)
            return .success(state.appended)
        }
        return try result.get()
    }

    /// Returns once everything up to `sequence` is on stable storage (at once unless the policy
    /// is `always` or `forceFlush` is true).
    func waitUntilDurable(_ sequence: UInt64, forceFlush: Bool = false) async throws(ArbiterError) {
        guard case .always = policy else {
            guard forceFlush else { return }
            await flushNow()
            if let failure = state.withLock({ $0.failure }) { throw failure }
            return
        }
        let done: Bool = state.withLock { $0.synced >= sequence && $0.failure == nil }
        if done { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            flushQueue.async {
                self.flush(upTo: sequence)
                continuation.resume()
            }
        }
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    /// Flushes whatever was appended (the `interval` policy's timer calls this).
    func flushNow() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            flushQueue.async {
                self.flush(upTo: .max)
                continuation.resume()
            }
        }
    }

    /// Flushes and closes the current segment and starts the next one; returns the new segment's number.
    ///
    /// Synchronous so the caller can capture its state in the same actor turn:
    /// everything appended before the call is in the old segments, everything
    /// after in the new one. The old descriptor is closed on the flush queue,
    /// after any flush that may still be using it.
    func rotate() throws(PersistenceError) -> UInt64 {
        let result: Result<(UInt64, FileDescriptor), PersistenceError> = state.withLock { state in
            do throws(PersistenceError) {
                do {
                    try state.fd.synchronizeData()
                } catch {
                    // As in `flush`: after a failed fsync the kernel may have dropped the dirty pages,
                    // and a later fsync of the same file can succeed without them.
                    let failure = PersistenceError(call: "fdatasync", path: directory.walSegment(state.segment), errno: error)
                    state.failure = ArbiterError(.internal, "could not flush the write-ahead log (\(failure)); restart the server")
                    throw failure
                }
                let next = state.segment + 1
                let (fd, length) = try Self.open(directory: directory, segment: next, validLength: nil)
                let old = state.fd
                state.fd = fd
                state.segment = next
                state.segmentLength = length
                state.synced = state.appended
                return .success((next, old))
            } catch {
                return .failure(error)
            }
        }
        let (next, old) = try result.get()
        flushQueue.async { try? old.close() }
        return next
    }

    /// The sequence number of the last append; waiting for it covers everything written so far.
    var appendedSequence: UInt64 {
        state.withLock { $0.appended }
    }

    /// Flushes and closes the log; later appends fail with UNAVAILABLE.
    func close() async {
        await flushNow()
        state.withLock { state in
            guard !state.closed else { return }
            state.closed = true
            try? state.fd.close()
        }
    }

    /// Runs on `flushQueue` only, so flushes never overlap and a segment is never closed under one.
    private func flush(upTo sequence: UInt64) {
        let (fd, target, segment, needed) = state.withLock { state in
            (state.fd, state.appended, state.segment, state.synced < min(sequence, state.appended) && state.failure == nil && !state.closed)
        }
        guard needed else { return }
        do {
            try fd.synchronizeData()
            state.withLock { $0.synced = max($0.synced, target) }
        } catch {
            let failure = PersistenceError(call: "fdatasync", path: directory.walSegment(segment), errno: error)
            state.withLock { $0.failure = ArbiterError(.internal, "could not flush the write-ahead log (\(failure)); restart the server") }
        }
    }

    private static func open(
        directory: StateDirectory, segment: UInt64, validLength: Int64?
    ) throws(PersistenceError) -> (FileDescriptor, Int64) {
        let path = directory.walSegment(segment)
        do {
            let fd = try FileDescriptor.open(path, .readWrite, options: [.create, .closeOnExec], permissions: [.ownerReadWrite, .groupRead])
            if let validLength, validLength >= Int64(headerSize) {
                try fd.resize(to: validLength)
                try fd.synchronizeData()
                return (fd, validLength)
            }
            var header = magic
            withUnsafeBytes(of: segment.littleEndian) { header.append(contentsOf: $0) }
            try fd.resize(to: 0)
            _ = try fd.writeAll(toAbsoluteOffset: 0, header)
            try fd.synchronize()
            try directory.synchronize()
            return (fd, Int64(header.count))
        } catch let error as PersistenceError {
            throw error
        } catch {
            throw PersistenceError(call: "open", path: path, errno: error)
        }
    }
}
