/// Writes protobuf wire format into a buffer sized beforehand, for the hand-written encoders of hot messages.
///
/// protobuf-c packs by walking descriptors and computes the size of every nested message once per
/// level of nesting above it; for the few messages sent at high rates (`RankModelsResponse`) a
/// direct encoder that sizes each message once is several times faster. The static `*Size`
/// functions give what the matching writes append, so a caller sizes a message exactly, then
/// writes it. Emission rules follow protobuf-c's proto3 packer, so the bytes are the same.
struct ProtobufWriter {
    private var cursor: UnsafeMutablePointer<UInt8>
    private let end: UnsafeMutablePointer<UInt8>

    /// Writes into `buffer`, which must be exactly as large as what will be written, and not empty.
    init(_ buffer: UnsafeMutableBufferPointer<UInt8>) {
        guard let start = buffer.baseAddress else { preconditionFailure("ProtobufWriter: empty buffer") }
        cursor = start
        end = start + buffer.count
    }

    /// Bytes written so far would leave none over: checks the sizing.
    var isFull: Bool { cursor == end }

    // MARK: - Sizes

    @inline(__always)
    static func varintSize(_ value: UInt64) -> Int {
        // 7 bits per byte; a zero still takes one byte.
        (64 - (value | 1).leadingZeroBitCount + 6) / 7
    }

    /// A tag of a field numbered 1 to 15 takes one byte; up to 2047, two.
    @inline(__always)
    static func tagSize(_ field: UInt32) -> Int {
        varintSize(UInt64(field) << 3)
    }

    /// A proto3 `uint64`/`int64`/enum field: absent when zero. Negative values take ten bytes.
    @inline(__always)
    static func varintFieldSize(_ field: UInt32, _ value: UInt64) -> Int {
        value == 0 ? 0 : tagSize(field) + varintSize(value)
    }

    /// A proto3 `double` field: absent when it compares equal to zero, as protobuf-c does (so -0.0 too).
    @inline(__always)
    static func doubleFieldSize(_ field: UInt32, _ value: Double) -> Int {
        value == 0 ? 0 : tagSize(field) + 8
    }

    /// A proto3 `string` field of `byteCount` bytes: absent when empty.
    @inline(__always)
    static func stringFieldSize(_ field: UInt32, byteCount: Int) -> Int {
        byteCount == 0 ? 0 : lengthDelimitedSize(field, byteCount: byteCount)
    }

    /// A length-delimited field (a message, always present) of `byteCount` bytes.
    @inline(__always)
    static func lengthDelimitedSize(_ field: UInt32, byteCount: Int) -> Int {
        tagSize(field) + varintSize(UInt64(byteCount)) + byteCount
    }

    // MARK: - Writes

    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        append(UInt8(value))
    }

    @inline(__always)
    mutating func tag(_ field: UInt32, wireType: UInt32) {
        varint(UInt64(field << 3 | wireType))
    }

    mutating func varintField(_ field: UInt32, _ value: UInt64) {
        guard value != 0 else { return }
        tag(field, wireType: 0)
        varint(value)
    }

    mutating func doubleField(_ field: UInt32, _ value: Double) {
        guard value != 0 else { return }
        tag(field, wireType: 1)
        precondition(end - cursor >= 8, "ProtobufWriter: message larger than sized")
        UnsafeMutableRawPointer(cursor).storeBytes(of: value.bitPattern.littleEndian, as: UInt64.self)
        cursor += 8
    }

    mutating func stringField(_ field: UInt32, _ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        lengthDelimited(field, byteCount: bytes.count)
        precondition(end - cursor >= bytes.count, "ProtobufWriter: message larger than sized")
        UnsafeMutableRawPointer(cursor).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        cursor += bytes.count
    }

    /// The tag and length of a message field; its `byteCount` bytes of fields come next.
    mutating func lengthDelimited(_ field: UInt32, byteCount: Int) {
        tag(field, wireType: 2)
        varint(UInt64(byteCount))
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        precondition(cursor < end, "ProtobufWriter: message larger than sized")
        cursor.pointee = byte
        cursor += 1
    }
}
