public import ArbiterCore
public import SystemPackage

/// Everything `arbiterd` can be told; every value has a documented default.
public struct ServerConfiguration: Sendable {
    /// ZeroMQ endpoint of the ROUTER socket that answers requests.
    public var listen = "tcp://127.0.0.1:7470"
    /// Where the write-ahead log and snapshots live.
    public var stateDirectory = FilePath("var/arbiter")
    public var fsync: FsyncPolicy = .always
    /// The model catalog file; nil uses the built-in default catalog.
    public var catalogPath: String?
    /// The directory whose files `reload_catalog` may load by path (`--catalog-dir`); nil means
    /// ``catalogPath``'s directory, and with neither no file can be loaded by path.
    public var catalogDirectory: String?
    /// Learning rate of the running estimates (EMAs).
    public var emaAlpha = 0.1
    /// Largest `record_executions` batch accepted.
    public var maxBatchSize = 10_000
    /// Largest request frame accepted, in bytes; larger ones get RESOURCE_EXHAUSTED.
    public var maxRequestBytes = 16 << 20
    /// A snapshot is written once the current write-ahead-log segment passes this size.
    public var snapshotAfterBytes: Int64 = 64 << 20
    /// Messages queued per peer before ZeroMQ pushes back (send and receive high-water marks).
    public var highWaterMark: Int32 = 10_000
    /// How often the server runs the learning batch by itself; nil never. Default daily.
    public var learningInterval: Duration? = .seconds(86_400)
    /// Overrides the catalog's `learning.graduation_threshold` when set (`--graduation-threshold`);
    /// every other window and threshold of the learning batch comes from the catalog's `learning:` section.
    public var graduationThreshold: Double?

    /// ZeroMQ endpoint of the alert stream's PUB socket; nil derives it from ``listen``
    /// (``AlertEndpoint/derived(from:)``), `none` publishes nothing (the history is still kept).
    public var alertsEndpoint: String?
    /// Alerts queued per subscriber before PUB drops them for it (send high-water mark).
    public var alertsHighWaterMark: Int32 = 10_000
    /// The monitoring rules' thresholds and the alert history's size.
    public var alertThresholds = AlertThresholds()
    /// Degradation and cost efficiency are judged at most this often while executions arrive.
    public var alertEvaluationInterval: Duration = .seconds(1)
    /// CURVE authentication: the server's secret key file and the directory
    /// of authorised client public keys; nil serves plain text.
    public var curve: CurveFiles?
    /// Serve plain text on an address other machines can reach (see ``ListenEndpoint``).
    public var insecure = false

    /// Where the CURVE keys are.
    public struct CurveFiles: Sendable {
        /// A file holding the server's Z85 secret key, as `arbiter keygen` writes it.
        public var secretKeyPath: String
        /// See ``AuthorizedClients``.
        public var authorizedClientsDirectory: String

        public init(secretKeyPath: String, authorizedClientsDirectory: String) {
            self.secretKeyPath = secretKeyPath
            self.authorizedClientsDirectory = authorizedClientsDirectory
        }
    }

    public init() {}
}
