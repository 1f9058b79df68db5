import ArbiterCore
import CArbiterProto
import CProtobufC

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Refuses request strings that hold a NUL byte.
///
/// protobuf-c unpacks a string into a NUL-terminated copy and keeps no length, so the decoder
/// would read "run\0-1" and "run\0-2" alike as "run": two executions under one id, the second
/// acknowledged as a duplicate, and labels cut short without a word. Only the wire bytes still
/// show the NUL, so they are walked once more, guided by the messages' descriptors; only when they
/// hold a zero byte at all, which requests made of text and small numbers rarely do.
extension WireCodec {
    /// Throws INVALID_ARGUMENT naming the first string field of `request`, unpacked from `bytes`,
    /// that holds a NUL byte, by its path relative to the method's message (`execution.task_id`,
    /// `executions[3].domain`, `candidates[1]`), as the decoder names invalid UTF-8.
    static func refuseNULInStrings(of request: UnsafePointer<Arbiter__V1__Request>, unpackedFrom bytes: UnsafeRawBufferPointer) throws(ArbiterError) {
        guard let base = bytes.baseAddress, memchr(base, 0, bytes.count) != nil else { return }
        if let problem = stringHoldingNUL(in: bytes, of: request.pointee.base.descriptor, namingFields: false) {
            throw problem
        }
    }

    /// The error for the first string field holding NUL in `bytes`, a message of `descriptor`, or nil.
    ///
    /// The bytes were unpacked already, so they are well formed and nested no deeper than protobuf-c
    /// allows; unknown fields are skipped, as protobuf-c keeps them opaque. `namingFields` false
    /// leaves the outermost field (the method) out of the path.
    private static func stringHoldingNUL(
        in bytes: UnsafeRawBufferPointer, of descriptor: UnsafePointer<ProtobufCMessageDescriptor>, namingFields: Bool = true
    ) -> ArbiterError? {
        var reader = ProtobufReader(bytes)
        // Only repeated fields get an entry, so most messages never allocate one.
        var occurrences: [UInt64: Int] = [:]
        while !reader.isAtEnd {
            guard let (number, wireType) = reader.tag() else { return nil }
            guard wireType == .lengthDelimited else {
                guard reader.skip(wireType) else { return nil }
                continue
            }
            guard let value = reader.lengthDelimited() else { return nil }
            guard let field = protobuf_c_message_descriptor_get_field(descriptor, UInt32(clamping: number)) else { continue }
            let repeated = field.pointee.label == PROTOBUF_C_LABEL_REPEATED
            var index = 0
            if repeated {
                index = occurrences[number, default: 0]
                occurrences[number] = index + 1
            }
            let problem: ArbiterError?
            switch field.pointee.type {
            case PROTOBUF_C_TYPE_STRING:
                problem = value.contains(0) ? ArbiterError(.invalidArgument, "must not contain NUL (\\0) characters") : nil
            case PROTOBUF_C_TYPE_MESSAGE:
                problem = field.pointee.descriptor.flatMap {
                    stringHoldingNUL(in: value, of: $0.assumingMemoryBound(to: ProtobufCMessageDescriptor.self))
                }
            default:
                problem = nil
            }
            guard let problem else { continue }
            guard namingFields else { return problem }
            let name = String(cString: field.pointee.name)
            return problem.nested(under: repeated ? "\(name)[\(index)]" : name)
        }
        return nil
    }
}
