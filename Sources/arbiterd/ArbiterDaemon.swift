import ArbiterServer
import ArgumentParser
import Logging
import ServiceLifecycle
import SystemPackage

/// `arbiterd`: the Arbiter server.
@main
struct ArbiterDaemon: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arbiterd",
        abstract: "Arbiter server: learns which LLM model to pick for each kind of task.",
        discussion: "Stops gracefully on SIGTERM or SIGINT: in-flight calls are answered, the log is flushed and a snapshot written.")

    @Option(help: "ZeroMQ endpoint of the request (ROUTER) socket. Loopback only unless CURVE or --insecure is set.")
    var listen = "tcp://127.0.0.1:7470"

    @Option(help: ArgumentHelp(
        "The server's CURVE secret key file (from `arbiter keygen`); enables CURVE, with --authorized-clients.",
        valueName: "file"))
    var curveSecretKey: String?

    @Option(help: ArgumentHelp(
        "Directory of authorised client public key files; keys in its readonly/ subdirectory are read-only. Re-read on SIGHUP.",
        valueName: "dir"))
    var authorizedClients: String?

    @Flag(help: "Serve plain text without authentication on an address other machines can reach.")
    var insecure = false

    @Option(help: "Directory holding the write-ahead log and snapshots; created if missing.")
    var stateDir = "var/arbiter"

    @Option(help: "Model catalog file (YAML); the built-in default catalog when omitted.")
    var catalog: String?

    @Option(help: "When to flush the log to disk: always (acknowledge only durable records), interval, never.")
    var fsync: FsyncMode = .always

    @Option(help: "Flush period in milliseconds for --fsync interval.")
    var fsyncIntervalMs = 200

    @Option(help: "Largest record_executions batch accepted.")
    var maxBatchSize = 10_000

    @Option(help: "Write a snapshot once the current log segment passes this many MiB.")
    var snapshotMib = 64

    @Option(help: "Learning rate of the running estimates (exponential moving averages).")
    var emaAlpha = 0.1

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    enum FsyncMode: String, ExpressibleByArgument, CaseIterable {
        case always, interval, never
    }

    func validate() throws {
        guard (curveSecretKey == nil) == (authorizedClients == nil) else {
            throw ValidationError("--curve-secret-key and --authorized-clients go together")
        }
        guard maxBatchSize > 0 else { throw ValidationError("--max-batch-size must be positive") }
        guard fsyncIntervalMs > 0 else { throw ValidationError("--fsync-interval-ms must be positive") }
        guard snapshotMib > 0 else { throw ValidationError("--snapshot-mib must be positive") }
        guard emaAlpha > 0, emaAlpha <= 1 else { throw ValidationError("--ema-alpha must be in (0, 1]") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "arbiterd")

        var configuration = ServerConfiguration()
        configuration.listen = listen
        configuration.stateDirectory = FilePath(stateDir)
        configuration.catalogPath = catalog
        switch fsync {
        case .always: configuration.fsync = .always
        case .interval: configuration.fsync = .interval(.milliseconds(fsyncIntervalMs))
        case .never: configuration.fsync = .never
        }
        configuration.maxBatchSize = maxBatchSize
        configuration.snapshotAfterBytes = Int64(snapshotMib) << 20
        configuration.emaAlpha = emaAlpha
        if let curveSecretKey, let authorizedClients {
            configuration.curve = .init(secretKeyPath: curveSecretKey, authorizedClientsDirectory: authorizedClients)
        }
        configuration.insecure = insecure

        let service = ArbiterService(configuration: configuration, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: service)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        do {
            try await group.run()
        } catch let error as StartupError {
            logger.critical("cannot start: \(error.description)")
            throw ExitCode(2)
        }
    }
}
