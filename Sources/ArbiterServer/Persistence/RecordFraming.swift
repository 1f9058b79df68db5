/// Why a record could not be read back, or framed for storing.
enum RecordFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file ends inside a record: a write that was cut short.
    case truncated
    case checksumMismatch
    case undecodable(String)
    /// A record over ``RecordFraming/maxRecordSize``, refused when written: a reader would
    /// take its length for corruption.
    case tooLarge(bytes: Int)

    var description: String {
        switch self {
        case .truncated: "truncated"
        case .checksumMismatch: "checksum mismatch"
        case .undecodable(let reason): reason
        case .tooLarge(let bytes): "\(bytes) bytes, over the \(RecordFraming.maxRecordSize)-byte record limit"
        }
    }
}

/// The framing shared by the write-ahead log and snapshots.
///
/// A record is `length: UInt32 LE` (of kind + payload), `crc32c: UInt32 LE`
/// (of kind + payload), `kind: UInt8`, then the payload. The length comes
/// first so a reader can skip to the next record; the checksum covers the
/// kind so a flipped kind byte is caught too.
enum RecordFraming {
    static let headerSize = 8
    /// Larger claimed lengths are corruption, not records: the server refuses to write a
    /// larger record (``DurableRecord/frame(into:)``).
    static let maxRecordSize = 64 << 20

    static func append(kind: UInt8, payload: [UInt8], to buffer: inout [UInt8]) {
        let length = UInt32(payload.count + 1)
        let crc = CRC32C.checksum(payload, seed: withUnsafeBytes(of: kind) { CRC32C.checksum($0) })
        withUnsafeBytes(of: length.littleEndian) { buffer.append(contentsOf: $0) }
        withUnsafeBytes(of: crc.littleEndian) { buffer.append(contentsOf: $0) }
        buffer.append(kind)
        buffer.append(contentsOf: payload)
    }

    /// Reads the record at `offset`: its kind, its payload range and the offset after it.
    static func read(
        _ bytes: UnsafeRawBufferPointer, at offset: Int
    ) throws(RecordFormatError) -> (kind: UInt8, payload: Range<Int>, next: Int) {
        guard bytes.count - offset >= headerSize else { throw .truncated }
        let length = Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian)
        let expected = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self).littleEndian
        guard length >= 1, length <= maxRecordSize else { throw .checksumMismatch }
        let body = offset + headerSize
        guard bytes.count - body >= length else { throw .truncated }
        let actual = CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[body..<(body + length)]))
        guard actual == expected else { throw .checksumMismatch }
        return (bytes[body], (body + 1)..<(body + length), body + length)
    }
}
