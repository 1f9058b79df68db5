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

    /// A string field naming a case of `Value`; an unknown name throws naming `field` and `what`.
    static func named<Value: RawRepresentable>(
        _ pointer: UnsafeMutablePointer<CChar>?, field: String, what: String
    ) throws(ArbiterError) -> Value where Value.RawValue == String {
        let name = try string(pointer, field: field)
        guard let value = Value(rawValue: name) else {
            throw ArbiterError(.invalidArgument, "unknown \(what) \"\(name.prefix(64))\"", field: field)
        }
        return value
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

/// Conversions of repeated fields.
extension WireCodec {
    /// A repeated string field; every element gets a real C string, empty or not, since the packer
    /// calls strlen on each.
    static func makeStrings(
        _ strings: [String],
        in arena: ProtobufArena
    ) -> (count: Int, array: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) {
        guard !strings.isEmpty else { return (0, nil) }
        let array = arena.storage(for: UnsafeMutablePointer<CChar>?.self, count: strings.count)
        for (index, string) in strings.enumerated() {
            (array + index).initialize(to: arena.cString(string))
        }
        return (strings.count, array)
    }

    /// A repeated string field; errors name the element (`candidates[2]`).
    static func strings(
        _ array: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        count: Int,
        field: String
    ) throws(ArbiterError) -> [String] {
        guard count > 0, let array else { return [] }
        var strings: [String] = []
        strings.reserveCapacity(count)
        for index in 0..<count {
            do throws(ArbiterError) {
                strings.append(try string(array[index], field: ""))
            } catch {
                // Built only on failure: interpolating the path per element would cost an allocation each.
                throw error.nested(under: "\(field)[\(index)]")
            }
        }
        return strings
    }

    /// A repeated message field, each element built by `make`.
    static func makeMessages<Element, Message>(
        _ elements: [Element],
        in arena: ProtobufArena,
        _ make: (Element) -> UnsafeMutablePointer<Message>
    ) -> (count: Int, array: UnsafeMutablePointer<UnsafeMutablePointer<Message>?>?) {
        guard !elements.isEmpty else { return (0, nil) }
        let array = arena.storage(for: UnsafeMutablePointer<Message>?.self, count: elements.count)
        for (index, element) in elements.enumerated() {
            (array + index).initialize(to: make(element))
        }
        return (elements.count, array)
    }

    /// A repeated message field, each element converted by `convert`; errors are nested under the
    /// element (`models[1].name`).
    static func messages<Message, Element>(
        _ array: UnsafeMutablePointer<UnsafeMutablePointer<Message>?>?,
        count: Int,
        field: String,
        _ convert: (UnsafeMutablePointer<Message>) throws(ArbiterError) -> Element
    ) throws(ArbiterError) -> [Element] {
        guard count > 0, let array else { return [] }
        var elements: [Element] = []
        elements.reserveCapacity(count)
        for index in 0..<count {
            guard let message = array[index] else { continue }
            do throws(ArbiterError) {
                elements.append(try convert(message))
            } catch {
                throw error.nested(under: "\(field)[\(index)]")
            }
        }
        return elements
    }
}
