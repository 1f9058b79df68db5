/// A hand-written scan of the top level of a `Request`, for bytes protobuf-c rejected.
extension WireCodec {
    /// Best-effort: the request_id of bytes that fail full decoding, or 0 (so an error reply
    /// can still echo it).
    ///
    /// Reads top-level fields until the bytes end or stop making sense; the last `request_id`
    /// seen wins, as in a full decode. Never reads past `bytes`.
    public static func peekRequestID(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var offset = 0
        var requestID: UInt64 = 0
        while offset < bytes.count {
            guard let key = readVarint(bytes, &offset) else { break }
            let fieldNumber = key >> 3
            switch key & 7 {
            case 0:
                guard let value = readVarint(bytes, &offset) else { return requestID }
                if fieldNumber == 1 {
                    requestID = value
                }
            case 1:
                offset += 8
            case 2:
                guard let length = readVarint(bytes, &offset), length <= UInt64(bytes.count - offset) else {
                    return requestID
                }
                offset += Int(length)
            case 5:
                offset += 4
            default:
                // Groups (3, 4) are not in this contract, and 6 and 7 are not wire types.
                return requestID
            }
        }
        return requestID
    }

    /// A base-128 varint at `offset`, or nil when it runs past the end or over ten bytes.
    private static func readVarint(_ bytes: UnsafeRawBufferPointer, _ offset: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count, shift < 70 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 {
                return value
            }
            shift += 7
        }
        return nil
    }
}
