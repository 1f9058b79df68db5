/// A string compared, hashed and ordered by its UTF-8 bytes.
///
/// Swift's `String` equality is canonical equivalence, so `"é"` and `"e\u{301}"` are equal
/// and one would silently replace the other as a dictionary key. Labels arrive from other
/// languages that compare code points, so grouping and storage must keep every spelling apart.
struct ExactString: Hashable, Sendable {
    var string: String

    init(_ string: String) {
        self.string = string
    }

    static func == (lhs: ExactString, rhs: ExactString) -> Bool {
        equal(lhs.string, rhs.string)
    }

    func hash(into hasher: inout Hasher) {
        // The length keeps adjacent fields of a composite key from running into each other.
        hasher.combine(string.utf8.count)
        Self.withBytes(of: string) { hasher.combine(bytes: $0) }
    }

    /// Calls `body` with the string's UTF-8 bytes, copying only when the string is not contiguous.
    @inline(__always)
    static func withBytes<R>(of string: String, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        if let result = try string.utf8.withContiguousStorageIfAvailable({ try body(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        var copy = string
        return try copy.withUTF8 { try body(UnsafeRawBufferPointer($0)) }
    }

    /// Whether two strings have the same UTF-8 bytes.
    static func equal(_ lhs: String, _ rhs: String) -> Bool {
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        return withBytes(of: lhs) { a in withBytes(of: rhs) { b in equal(a, b) } }
    }

    /// Whether two byte buffers hold the same bytes.
    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let count = a.count
        guard count == b.count else { return false }
        var offset = 0
        while offset + 8 <= count {
            if a.loadUnaligned(fromByteOffset: offset, as: UInt64.self) != b.loadUnaligned(fromByteOffset: offset, as: UInt64.self) {
                return false
            }
            offset += 8
        }
        while offset < count {
            if a[offset] != b[offset] { return false }
            offset += 1
        }
        return true
    }

    /// Byte-wise (code point) order, the order every other language sorts UTF-8 text in.
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        compare(lhs, rhs) < 0
    }

    /// Negative, zero or positive as `lhs` sorts before, equal to or after `rhs` by UTF-8 bytes.
    static func compare(_ lhs: String, _ rhs: String) -> Int {
        withBytes(of: lhs) { a in
            withBytes(of: rhs) { b in
                let common = min(a.count, b.count)
                for i in 0..<common where a[i] != b[i] {
                    return a[i] < b[i] ? -1 : 1
                }
                return a.count - b.count
            }
        }
    }
}
