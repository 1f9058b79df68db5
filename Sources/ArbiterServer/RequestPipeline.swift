import ArbiterCore
import ArbiterWire
import Logging
import SystemPackage

/// The server's request path without sockets: a request frame in, the encoded
/// response out, through the same checks (``RequestIntake``), handler and
/// actors as a served request, over a fresh state.
///
/// For the fuzzer (`Fuzz/`), which feeds it arbitrary bytes; the log goes to
/// a state directory with `fsync` off, so the state lives in memory and on
/// whatever file system holds the directory (a tmpfs is best).
public final class RequestPipeline: Sendable {
    private let intake: RequestIntake
    private let handler: RequestHandler
    /// Held for the pipeline's lifetime, as the server holds it, so that no server opens the same directory.
    private let lock: FileDescriptor

    /// A pipeline over the state in `configuration.stateDirectory` (empty or
    /// absent for a fresh one), with the configuration's limits.
    public init(configuration: ServerConfiguration) throws {
        let directory = StateDirectory(path: configuration.stateDirectory)
        lock = try directory.lock()
        let alpha = configuration.emaAlpha
        let recovered = try StateRecovery(directory: directory, makeState: { LearningState(alpha: alpha) }).recover()
        let wal = try WriteAheadLog(
            directory: directory, segment: recovered.walSegment, validLength: recovered.walValidLength, policy: .never)
        var logger = Logger(label: "arbiter-pipeline")
        logger.logLevel = .critical
        let recorder = Recorder(
            state: recovered.state,
            catalog: .init(catalog: CatalogLoader.loadDefault(), source: "", loadedAtMs: Recorder.nowMs()),
            wal: wal, lastSnapshot: (recovered.snapshotSegment, recovered.snapshotTimeMs),
            configuration: Recorder.Configuration(), logger: logger)
        handler = RequestHandler(recorder: recorder, statusSource: StatusSource(directory: directory, fsync: .never))
        intake = RequestIntake(maxRequestBytes: configuration.maxRequestBytes, maxBatchSize: configuration.maxBatchSize)
    }

    /// The encoded response to one request frame from a client in `role` (nil: an unauthenticated server).
    public func respond(to frame: [UInt8], role: ClientRole? = nil) async -> [UInt8] {
        let accepted = frame.withUnsafeBytes { intake.accept($0, authenticated: role != nil, role: role) }
        switch accepted {
        case .failure(let refusal):
            return WireCodec.encode(WireResponse(requestID: refusal.requestID, result: .failure(refusal.error)))
        case .success(let request):
            if let response = handler.answerImmediately(request) { return WireCodec.encode(response) }
            return WireCodec.encode(await handler.handle(request))
        }
    }
}
