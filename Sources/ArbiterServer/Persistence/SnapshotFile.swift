import Foundation
import SystemPackage

/// A snapshot: every durable record of the state as of the start of a WAL segment.
///
/// Layout: `ARBSNP01`, segment (UInt64 LE), creation time in Unix ms (Int64 LE),
/// then framed records, closed by a `snapshotEnd` record holding the count, so
/// a file cut short is told apart from a complete one. Written to a temporary
/// name, flushed, renamed into place and the directory flushed: a crash leaves
/// either the old set of snapshots or the new one, never half a file under a
/// snapshot's name.
enum SnapshotFile {
    static let magic: [UInt8] = Array("ARBSNP01".utf8)
    static let headerSize = 24

    struct Header: Sendable {
        var segment: UInt64
        var createdMs: Int64
        var records: UInt64
    }

    /// Writes the records `produce` hands over and returns the snapshot's size in bytes.
    static func write(
        directory: StateDirectory, segment: UInt64, createdMs: Int64,
        produce: ((DurableRecord) throws(PersistenceError) -> Void) throws(PersistenceError) -> Void
    ) throws(PersistenceError) -> UInt64 {
        let temporary = directory.temporarySnapshot(segment)
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(temporary, .writeOnly, options: [.create, .truncate, .closeOnExec], permissions: [.ownerReadWrite, .groupRead])
        } catch {
            throw PersistenceError(call: "open", path: temporary, errno: error)
        }
        var offset: Int64 = 0
        var buffer = magic
        buffer.reserveCapacity(1 << 20)
        withUnsafeBytes(of: segment.littleEndian) { buffer.append(contentsOf: $0) }
        withUnsafeBytes(of: createdMs.littleEndian) { buffer.append(contentsOf: $0) }
        var count: UInt64 = 0
        var isOpen = true

        func drain() throws(PersistenceError) {
            do {
                _ = try fd.writeAll(toAbsoluteOffset: offset, buffer)
            } catch {
                throw PersistenceError(call: "write", path: temporary, errno: error)
            }
            offset += Int64(buffer.count)
            buffer.removeAll(keepingCapacity: true)
        }

        do throws(PersistenceError) {
            try produce { (record: DurableRecord) throws(PersistenceError) in
                do {
                    try record.frame(into: &buffer)
                } catch {
                    throw PersistenceError(call: "write", path: temporary, detail: "\(record.kind) record: \(error)")
                }
                count += 1
                if buffer.count >= 1 << 20 { try drain() }
            }
            var end: [UInt8] = []
            withUnsafeBytes(of: count.littleEndian) { end.append(contentsOf: $0) }
            RecordFraming.append(kind: DurableRecord.Kind.snapshotEnd.rawValue, payload: end, to: &buffer)
            try drain()
            do {
                try fd.synchronize()
            } catch {
                throw PersistenceError(call: "fsync", path: temporary, errno: error)
            }
            // Linux releases the descriptor even when close fails, and another thread may reuse
            // its number at once: it must never be closed a second time below.
            isOpen = false
            do {
                try fd.close()
            } catch {
                throw PersistenceError(call: "close", path: temporary, errno: error)
            }
            try directory.move(temporary, to: directory.snapshot(segment))
            try directory.synchronize()
            return UInt64(offset)
        } catch {
            if isOpen { try? fd.close() }
            directory.remove(temporary)
            throw error
        }
    }

    /// Reads and verifies a whole snapshot, handing each record to `apply`.
    static func read(
        _ path: FilePath, apply: (DurableRecord) -> Void
    ) throws(RecoveryError) -> Header {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path.string), options: .alwaysMapped)
        } catch {
            throw RecoveryError(path: path, offset: 0, reason: "cannot read: \(error.localizedDescription)")
        }
        let result: Result<Header, RecoveryError> = data.withUnsafeBytes { bytes in
            guard bytes.count >= headerSize, Array(bytes[0..<8]) == magic else {
                return .failure(RecoveryError(path: path, offset: 0, reason: "not an Arbiter snapshot (bad header)"))
            }
            var header = Header(
                segment: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian,
                createdMs: bytes.loadUnaligned(fromByteOffset: 16, as: Int64.self).littleEndian,
                records: 0)
            var offset = headerSize
            while true {
                do {
                    let (kind, payload, next) = try RecordFraming.read(bytes, at: offset)
                    let body = UnsafeRawBufferPointer(rebasing: bytes[payload])
                    if kind == DurableRecord.Kind.snapshotEnd.rawValue {
                        let expected = body.count == 8 ? body.loadUnaligned(as: UInt64.self).littleEndian : .max
                        guard expected == header.records, next == bytes.count else {
                            return .failure(RecoveryError(path: path, offset: offset, reason: "record count or length does not match its end marker"))
                        }
                        return .success(header)
                    }
                    apply(try DurableRecord.decode(kind: kind, payload: body))
                    header.records += 1
                    offset = next
                } catch {
                    return .failure(RecoveryError(path: path, offset: offset, reason: "\(error)"))
                }
            }
        }
        return try result.get()
    }
}
