import ArbiterCore

extension ArbiterError.Code {
    /// The `arbiter.v1.ErrorCode` name, such as `INVALID_ARGUMENT`.
    var protoName: String {
        switch self {
        case .invalidArgument: "INVALID_ARGUMENT"
        case .malformedRequest: "MALFORMED_REQUEST"
        case .notFound: "NOT_FOUND"
        case .alreadyExists: "ALREADY_EXISTS"
        case .failedPrecondition: "FAILED_PRECONDITION"
        case .resourceExhausted: "RESOURCE_EXHAUSTED"
        case .unauthenticated: "UNAUTHENTICATED"
        case .permissionDenied: "PERMISSION_DENIED"
        case .internal: "INTERNAL"
        case .unavailable: "UNAVAILABLE"
        case .unimplemented: "UNIMPLEMENTED"
        }
    }
}
