import ArbiterCore
import ArbiterWire

/// What a request frame goes through before it is answered: the size limit,
/// decoding with the batch limit, and the caller's role.
///
/// One place for the I/O thread and ``RequestPipeline`` (which the fuzzer drives), so both see the same checks.
struct RequestIntake: Sendable {
    var maxRequestBytes: Int
    var maxBatchSize: Int

    /// The decoded request, or the error to answer with and the request id to answer it under.
    ///
    /// - Parameter role: The caller's role; nil when the connection was not
    ///   authenticated, which is allowed only when `authenticated` is false.
    func accept(
        _ payload: UnsafeRawBufferPointer, authenticated: Bool, role: ClientRole?
    ) -> Result<WireRequest, Refusal> {
        guard payload.count <= maxRequestBytes else {
            return .failure(Refusal(requestID: WireCodec.peekRequestID(payload), error: ArbiterError(
                .resourceExhausted, "request of \(payload.count) bytes is over the limit of \(maxRequestBytes) bytes")))
        }
        let request: WireRequest
        do {
            request = try WireCodec.decodeRequest(payload, maxBatchSize: maxBatchSize)
        } catch {
            return .failure(Refusal(requestID: WireCodec.peekRequestID(payload), error: error))
        }
        if authenticated {
            guard let role, request.method.isAllowed(for: role) else {
                return .failure(Refusal(requestID: request.requestID, error: ArbiterError(
                    .permissionDenied,
                    "this client's key is \(role?.rawValue ?? "without a role"): it may rank, estimate and read, but not record or change state")))
            }
        }
        return .success(request)
    }

    /// A request answered with an error before it reached a handler.
    struct Refusal: Error {
        var requestID: UInt64
        var error: ArbiterError
    }
}
