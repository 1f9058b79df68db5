import ArbiterCore
public import Logging
public import ServiceLifecycle
import SystemPackage
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
        let publisher = try startAlertPublisher()
        var recorderConfiguration = Recorder.Configuration()
        recorderConfiguration.snapshotAfterBytes = configuration.snapshotAfterBytes
        recorderConfiguration.learning = configuration.learning
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
            frontEnd = try RequestFrontEnd(configuration: configuration, handler: handler, logger: logger)
            try frontEnd.start()
        } catch {
            await publisher?.stop()
            throw StartupError(description: "cannot listen on \(configuration.listen): \(error)")
        }
        logger.notice("arbiterd listening", metadata: [
            "endpoint": "\(frontEnd.boundEndpoint ?? configuration.listen)",
            "fsync": "\(configuration.fsync)",
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

    /// Binds the alert stream's PUB socket (`--alerts`, else derived from `--listen`); nil for `none`.
    private func startAlertPublisher() throws(StartupError) -> AlertPublisher? {
        let endpoint: String
        if let given = configuration.alertsEndpoint {
            endpoint = given
        } else {
            endpoint = try AlertEndpoint.derived(from: configuration.listen)
        }
        guard endpoint != AlertEndpoint.disabled else { return nil }
        do {
            let publisher = try AlertPublisher(endpoint: endpoint, highWaterMark: configuration.alertsHighWaterMark, logger: logger)
            try publisher.start()
            return publisher
        } catch {
            throw StartupError(description: "cannot publish alerts on \(endpoint) (choose another with --alerts ENDPOINT, or --alerts none): \(error)")
        }
    }
}
