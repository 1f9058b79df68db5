import ArbiterCore
import CProtobufC

/// Conversions of single fields between Swift values and protobuf-c's C representation.
extension WireCodec {
    /// A string field: NULL reads as "", bytes that are not UTF-8 throw naming `field`.
    ///
    /// Repairing bad bytes into U+FFFD would silently store a string the client never sent.
    @inline(__always)
    static func string(_ pointer: UnsafeMutablePointer<CChar>?, field: String) throws(ArbiterError) -> String {
        guard let pointer, pointer.pointee != 0 else { return "" }
        guard let string = String(validatingCString: pointer) else {
            throw ArbiterError(.invalidArgument, "not valid UTF-8", field: field)
        }
        return string
    }

    @inline(__always)
    static func bool(_ value: protobuf_c_boolean) -> Bool { value != 0 }

    @inline(__always)
    static func cBool(_ value: Bool) -> protobuf_c_boolean { value ? 1 : 0 }

    /// Counts are `Int` in Swift and unsigned on the wire; clamping keeps hostile or buggy
    /// values from trapping in either direction.
    @inline(__always)
    static func int<Source: BinaryInteger>(_ value: Source) -> Int { Int(clamping: value) }
}
