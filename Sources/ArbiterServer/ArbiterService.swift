import ArbiterCore
public import Logging
public import ServiceLifecycle
import Foundation
import SystemPackage
import UnixSignals
import ZeroMQ
#if canImport(Glibc)
import Glibc
#endif

/// The whole server as one long-running service: recovers state, serves
/// requests until graceful shutdown, then flushes the log and writes a snapshot.
public struct ArbiterService: Service {
    let configuration: ServerConfiguration
    let logger: Logger

    public init(configuration: ServerConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    public func run() async throws {
        // A file-size limit must surface as EFBIG (RESOURCE_EXHAUSTED), not kill the process.
        signal(SIGXFSZ, SIG_IGN)

        let security = try makeSecurity()

        let directory = StateDirectory(path: configuration.stateDirectory)
        let lock: FileDescriptor
        do {
            lock = try directory.lock()
        } catch {
            throw StartupError(description: "\(error)")
        }
        defer { try? lock.close() }

        let started = ContinuousClock.now
        let alpha = configuration.emaAlpha
        let alertCapacity = configuration.alertThresholds.historyCapacity
        let recovered = try StateRecovery(
            directory: directory, makeState: { LearningState(alpha: alpha, alertCapacity: alertCapacity) }).recover()
        for warning in recovered.warnings { logger.warning("\(warning)") }
        logger.info("state recovered", metadata: [
            "directory": "\(directory.path)",
            "executions": "\(recovered.state.executions.count)",
            "from_snapshot": "\(recovered.recordsFromSnapshot)",
            "from_log": "\(recovered.recordsFromLog)",
            "duration": "\(ContinuousClock.now - started)",
        ])

        let wal: WriteAheadLog
        do {
            wal = try WriteAheadLog(
                directory: directory, segment: recovered.walSegment,
                validLength: recovered.walValidLength, policy: configuration.fsync)
        } catch {
            throw StartupError(description: "cannot open the write-ahead log: \(error)")
        }
        let catalog: Recorder.CatalogState
        if let path = configuration.catalogPath {
            do {
                catalog = .init(catalog: try CatalogLoader.load(path: path), source: path, loadedAtMs: Recorder.nowMs())
            } catch {
                throw StartupError(description: "cannot load the catalog: \(error)")
            }
        } else {
            catalog = .init(catalog: CatalogLoader.loadDefault(), source: "", loadedAtMs: Recorder.nowMs())
        }
        let publisher = try startAlertPublisher(security: security)
        var recorderConfiguration = Recorder.Configuration()
        recorderConfiguration.catalogDirectory = try CatalogDirectory(
            configured: configuration.catalogDirectory, catalogPath: configuration.catalogPath)
        recorderConfiguration.snapshotAfterBytes = configuration.snapshotAfterBytes
        recorderConfiguration.graduationThreshold = configuration.graduationThreshold
        recorderConfiguration.alertThresholds = configuration.alertThresholds
        recorderConfiguration.alertEvaluationInterval = configuration.alertEvaluationInterval
        let recorder = Recorder(
            state: recovered.state, abTests: recovered.abTests, catalog: catalog, wal: wal,
            lastSnapshot: (recovered.snapshotSegment, recovered.snapshotTimeMs),
            configuration: recorderConfiguration, publisher: publisher, logger: logger)
        var statusSource = StatusSource(directory: directory, fsync: configuration.fsync)
        statusSource.alertsEndpoint = publisher?.boundEndpoint ?? ""
        let handler = RequestHandler(recorder: recorder, statusSource: statusSource)

        let frontEnd: RequestFrontEnd
        do {
            frontEnd = try RequestFrontEnd(configuration: configuration, security: security, handler: handler, logger: logger)
            try frontEnd.start()
        } catch {
            await publisher?.stop()
            throw StartupError(description: "cannot listen on \(configuration.listen): \(error)")
        }
        logger.notice("arbiterd listening", metadata: [
            "endpoint": "\(frontEnd.boundEndpoint ?? configuration.listen)",
            "fsync": "\(configuration.fsync)",
            "security": "\(security.isAuthenticated ? "curve" : "plain text")",
            "alerts": "\(publisher?.boundEndpoint ?? AlertEndpoint.disabled)",
        ])

        await withDiscardingTaskGroup { group in
            if case .interval(let period) = configuration.fsync {
                group.addTask {
                    while !Task.isCancelled && !Task.isShuttingDownGracefully {
                        try? await Task.sleep(for: period)
                        await wal.flushNow()
                    }
                }
            }
            if case .curve(_, let clients) = security {
                group.addTask { await reloadOnHangUp(clients) }
            }
            if let interval = configuration.learningInterval {
                let scheduler = LearningScheduler(interval: interval, recorder: recorder, logger: logger)
                group.addTask { await scheduler.run() }
            }
            try? await gracefulShutdown()
            group.cancelAll()
        }

        logger.notice("shutting down: answering in-flight calls, flushing, writing a snapshot")
        await frontEnd.stop()
        await recorder.stopAlerts()
        await publisher?.stop()
        await recorder.snapshot()
        await wal.close()
        logger.notice("arbiterd stopped")
    }

    /// The sockets' security from the configuration; refuses plain text on an
    /// address other machines can reach unless `insecure` says so.
    private func makeSecurity() throws(StartupError) -> SocketSecurity {
        let endpoint = ListenEndpoint(configuration.listen)
        guard let curve = configuration.curve else {
            if !endpoint.isLocalOnly {
                guard configuration.insecure else {
                    throw StartupError(description: """
                        refusing to listen on \(endpoint) without authentication: other machines could \
                        record and read everything. Enable CURVE (--curve-secret-key FILE --authorized-clients DIR; \
                        `arbiter keygen` makes keys), listen on loopback (tcp://127.0.0.1:PORT), or pass --insecure \
                        to serve plain text anyway
                        """)
                }
                logger.critical("INSECURE: serving plain text without authentication on \(endpoint), which other machines can reach; anyone who connects can record executions and read everything (--insecure)")
            }
            return .plainText
        }
        guard ZMQCurve.isAvailable else {
            throw StartupError(description: "CURVE was asked for, but this libzmq was built without it (libsodium)")
        }
        let secretKey: String
        do {
            let text = try String(contentsOfFile: curve.secretKeyPath, encoding: .utf8)
            guard let key = ZMQCurve.key(inFileContents: text) else {
                throw StartupError(description: "\(curve.secretKeyPath) holds no Z85 CURVE secret key (40 characters); make one with `arbiter keygen`")
            }
            secretKey = key
        } catch let error as StartupError {
            throw error
        } catch {
            throw StartupError(description: "cannot read the CURVE secret key \(curve.secretKeyPath): \(error.localizedDescription)")
        }
        let clients = AuthorizedClients(directory: curve.authorizedClientsDirectory)
        do {
            logAuthorizedClients(clients, try clients.reload())
        } catch {
            throw StartupError(description: error.description)
        }
        let publicKey = (try? ZMQCurve.publicKey(fromSecret: secretKey)) ?? "?"
        logger.notice("CURVE enabled", metadata: ["server_public_key": "\(publicKey)", "authorized_clients": "\(clients.directory)"])
        return .curve(secretKey: secretKey, clients: clients)
    }

    private func logAuthorizedClients(
        _ clients: AuthorizedClients, _ loaded: (readWrite: Int, readOnly: Int, warnings: [String])
    ) {
        for warning in loaded.warnings { logger.warning("\(warning)") }
        logger.notice("authorised clients loaded", metadata: [
            "directory": "\(clients.directory)", "read_write": "\(loaded.readWrite)", "read_only": "\(loaded.readOnly)",
        ])
    }

    /// Reads the authorised clients directory again on each SIGHUP until shutdown.
    private func reloadOnHangUp(_ clients: AuthorizedClients) async {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            do {
                logAuthorizedClients(clients, try clients.reload())
            } catch {
                logger.error("SIGHUP: keeping the previous authorised clients: \(error.description)")
            }
        }
    }

    /// Binds the alert stream's PUB socket (`--alerts`, else derived from `--listen`); nil for `none`.
    private func startAlertPublisher(security: SocketSecurity) throws(StartupError) -> AlertPublisher? {
        let endpoint: String
        if let given = configuration.alertsEndpoint {
            endpoint = given
        } else {
            endpoint = try AlertEndpoint.derived(from: configuration.listen)
        }
        guard endpoint != AlertEndpoint.disabled else { return nil }
        if !security.isAuthenticated && !configuration.insecure && !ListenEndpoint(endpoint).isLocalOnly {
            throw StartupError(description: """
                refusing to publish alerts on \(endpoint) without authentication: other machines could read them. \
                Enable CURVE, publish on loopback, or pass --insecure
                """)
        }
        do {
            let publisher = try AlertPublisher(
                endpoint: endpoint, highWaterMark: configuration.alertsHighWaterMark, security: security, logger: logger)
            try publisher.start()
            return publisher
        } catch {
            throw StartupError(description: "cannot publish alerts on \(endpoint) (choose another with --alerts ENDPOINT, or --alerts none): \(error)")
        }
    }
}
