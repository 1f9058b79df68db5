import Foundation
public import SystemPackage

/// The files of one server's durable state, and the operations on them as a whole.
///
/// Layout: `wal-<segment>.log` write-ahead-log segments, `snapshot-<segment>.snap`
/// snapshots (one covers every segment below its number), and a `LOCK` file
/// held with `flock` so two servers never share a directory.
public struct StateDirectory: Sendable {
    public let path: FilePath

    public init(path: FilePath) {
        self.path = path
    }

    func walSegment(_ segment: UInt64) -> FilePath {
        path.appending(Self.name(prefix: "wal-", segment: segment, suffix: ".log"))
    }

    func snapshot(_ segment: UInt64) -> FilePath {
        path.appending(Self.name(prefix: "snapshot-", segment: segment, suffix: ".snap"))
    }

    func temporarySnapshot(_ segment: UInt64) -> FilePath {
        path.appending(Self.name(prefix: "snapshot-", segment: segment, suffix: ".snap.tmp"))
    }

    /// Where a snapshot recovery found damaged is kept for inspection, out of the snapshots' names.
    func damagedSnapshot(_ segment: UInt64) -> FilePath {
        path.appending(Self.name(prefix: "snapshot-", segment: segment, suffix: ".snap.damaged"))
    }

    /// Segment numbers of the write-ahead log, ascending.
    func walSegments() throws(PersistenceError) -> [UInt64] {
        try numbers(prefix: "wal-", suffix: ".log")
    }

    /// Segment numbers of the snapshots, ascending.
    func snapshots() throws(PersistenceError) -> [UInt64] {
        try numbers(prefix: "snapshot-", suffix: ".snap")
    }

    /// Segment numbers of snapshots a crash left half-written under their temporary name.
    func temporarySnapshots() throws(PersistenceError) -> [UInt64] {
        try numbers(prefix: "snapshot-", suffix: ".snap.tmp")
    }

    /// Creates the directory if needed and takes its lock for the life of the returned descriptor.
    func lock() throws(PersistenceError) -> FileDescriptor {
        do {
            try FileManager.default.createDirectory(atPath: path.string, withIntermediateDirectories: true)
        } catch {
            throw PersistenceError(call: "mkdir", path: path, detail: "\(error.localizedDescription)")
        }
        let lockPath = path.appending("LOCK")
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(lockPath, .readWrite, options: [.create, .closeOnExec], permissions: [.ownerReadWrite])
        } catch {
            throw PersistenceError(call: "open", path: lockPath, errno: error)
        }
        let locked: Bool
        do {
            locked = try fd.tryLockExclusively()
        } catch {
            try? fd.close()
            throw PersistenceError(call: "flock", path: lockPath, errno: error)
        }
        guard locked else {
            try? fd.close()
            throw PersistenceError(
                call: "flock", path: lockPath,
                detail: "another arbiterd holds this state directory; stop it or choose another --state-dir")
        }
        return fd
    }

    /// Makes renames and new files in the directory durable.
    func synchronize() throws(PersistenceError) {
        do {
            let fd = try FileDescriptor.open(path, .readOnly, options: [.directory, .closeOnExec])
            defer { try? fd.close() }
            try fd.synchronize()
        } catch {
            throw PersistenceError(call: "fsync", path: path, errno: error as? Errno)
        }
    }

    /// Renames `file` to `destination` (`rename(2)`: atomic); ``synchronize()`` makes it durable.
    func move(_ file: FilePath, to destination: FilePath) throws(PersistenceError) {
        guard rename(file.string, destination.string) == 0 else {
            throw PersistenceError(call: "rename", path: file, errno: Errno(rawValue: errno), detail: "to \(destination.string)")
        }
    }

    func remove(_ file: FilePath) {
        _ = unlink(file.string)
    }

    func size(of file: FilePath) -> UInt64 {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: file.string),
              let size = attributes[.size] as? NSNumber else { return 0 }
        return size.uint64Value
    }

    private func numbers(prefix: String, suffix: String) throws(PersistenceError) -> [UInt64] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path.string)
        } catch {
            throw PersistenceError(call: "readdir", path: path, detail: error.localizedDescription)
        }
        return names.compactMap { name -> UInt64? in
            guard name.hasPrefix(prefix), name.hasSuffix(suffix) else { return nil }
            return UInt64(name.dropFirst(prefix.count).dropLast(suffix.count))
        }.sorted()
    }

    private static func name(prefix: String, segment: UInt64, suffix: String) -> String {
        let digits = String(segment)
        return prefix + String(repeating: "0", count: max(0, 16 - digits.count)) + digits + suffix
    }
}

/// A file-system call on the state directory failed.
public struct PersistenceError: Error, Sendable, CustomStringConvertible {
    public var call: String
    public var path: FilePath
    public var errno: Errno?
    public var detail: String

    init(call: String, path: FilePath, errno: Errno? = nil, detail: String = "") {
        self.call = call
        self.path = path
        self.errno = errno
        self.detail = detail
    }

    init(call: String, path: FilePath, errno error: any Error) {
        self.init(call: call, path: path, errno: error as? Errno, detail: (error as? Errno) == nil ? "\(error)" : "")
    }

    /// The disk or a file-size limit is full: the caller may retry later, nothing was written.
    public var isSpaceExhausted: Bool {
        errno == .noSpace || errno == .diskQuotaExceeded || errno == .fileTooLarge
    }

    public var description: String {
        var text = "\(call) \(path.string)"
        if let errno { text += ": \(errno.description)" }
        if !detail.isEmpty { text += ": \(detail)" }
        return text
    }
}
