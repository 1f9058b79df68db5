/// Gives each distinct string a small dense id, so columns store 4 bytes instead of a `String`.
///
/// Strings are told apart by their UTF-8 bytes, not by canonical equivalence, so every
/// spelling comes back exactly as it went in.
public struct StringInterner: Sendable {
    public typealias ID = UInt32

    private var ids: [ExactString: ID] = [:]
    /// Every interned string, indexed by its id.
    public private(set) var strings: [String] = []

    public init() {}

    public var count: Int { strings.count }

    /// The id of `string`, adding it when new.
    public mutating func intern(_ string: String) -> ID {
        let key = ExactString(string)
        if let id = ids[key] { return id }
        precondition(strings.count < Int(ID.max), "StringInterner is full")
        let id = ID(strings.count)
        strings.append(string)
        ids[key] = id
        return id
    }

    /// The id of `string` when it was interned, without adding it.
    public func id(of string: String) -> ID? {
        ids[ExactString(string)]
    }

    public subscript(id: ID) -> String {
        strings[Int(id)]
    }

    /// Estimated heap bytes: both tables plus the text of strings too long to be stored inline.
    public var approximateByteCount: Int {
        let stride = MemoryLayout<String>.stride
        // A hash table entry is a key and a value at up to 75% load.
        let tableBytes = ids.capacity * (stride + MemoryLayout<ID>.stride) * 4 / 3
        var textBytes = 0
        for string in strings {
            let bytes = string.utf8.count
            // Strings up to 15 UTF-8 bytes live inside the `String` itself; longer ones share one heap buffer.
            if bytes > 15 { textBytes += 32 + bytes }
        }
        return strings.capacity * stride + tableBytes + textBytes
    }
}
