/// Reads protobuf wire format for the hand-written decoders of hot messages.
///
/// Every read returns nil on anything malformed (a truncated varint or field, a varint over ten
/// bytes, a wire type this reader does not take): a fast decoder then gives up and leaves the
/// bytes to protobuf-c, which decides what they mean and how to report it.
struct ProtobufReader {
    enum WireType: UInt64 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
        case fixed32 = 5
    }

    private var cursor: UnsafePointer<UInt8>
    private let end: UnsafePointer<UInt8>

    /// Reads `bytes`, which must stay valid while the reader is used.
    init(_ bytes: UnsafeRawBufferPointer) {
        // An empty buffer may have no base address: read it as a zero-length one anywhere.
        let start = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? UnsafePointer(bitPattern: 1)!
        cursor = start
        end = start + bytes.count
    }

    var isAtEnd: Bool { cursor == end }

    /// The next field's number and wire type; nil for field number 0 or a wire type not in `WireType`.
    mutating func tag() -> (field: UInt64, wireType: WireType)? {
        guard let tag = varint(), let wireType = WireType(rawValue: tag & 7), tag >> 3 != 0 else { return nil }
        return (tag >> 3, wireType)
    }

    @inline(__always)
    mutating func varint() -> UInt64? {
        // One byte is the common case: small tags, lengths and enums.
        if cursor < end, cursor.pointee < 0x80 {
            defer { cursor += 1 }
            return UInt64(cursor.pointee)
        }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while cursor < end {
            let byte = cursor.pointee
            cursor += 1
            // The tenth byte holds the 64th bit alone; more is not a 64-bit varint.
            if shift == 63 && byte > 1 { return nil }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }

    mutating func fixed64() -> UInt64? {
        guard end - cursor >= 8 else { return nil }
        let value = UnsafeRawPointer(cursor).loadUnaligned(as: UInt64.self)
        cursor += 8
        return UInt64(littleEndian: value)
    }

    mutating func double() -> Double? {
        fixed64().map(Double.init(bitPattern:))
    }

    /// The bytes of a length-delimited field (a string or a message), after its tag.
    mutating func lengthDelimited() -> UnsafeRawBufferPointer? {
        guard let length = varint(), length <= UInt64(end - cursor) else { return nil }
        let bytes = UnsafeRawBufferPointer(start: cursor, count: Int(length))
        cursor += Int(length)
        return bytes
    }

    /// Skips the value of a field of `wireType`, after its tag.
    mutating func skip(_ wireType: WireType) -> Bool {
        switch wireType {
        case .varint:
            return varint() != nil
        case .fixed64:
            return fixed64() != nil
        case .lengthDelimited:
            return lengthDelimited() != nil
        case .fixed32:
            guard end - cursor >= 4 else { return false }
            cursor += 4
            return true
        }
    }
}
