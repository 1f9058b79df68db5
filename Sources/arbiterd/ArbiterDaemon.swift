import ArbiterCore
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

    @Option(help: "Directory whose files reload_catalog may load (default: the --catalog file's directory; with neither option, reload_catalog only reloads the built-in catalog).")
    var catalogDir: String?

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

    @Option(help: ArgumentHelp(
        "How often to run the learning batch: a number with s, m, h or d (e.g. 30m, 24h), or off.", valueName: "interval"))
    var learningInterval = "24h"

    @Option(help: "Adjustments whose confidence reaches this (0 to 1) are applied as they are logged; overrides the catalog's learning.graduation_threshold (default 0.8).")
    var graduationThreshold: Double?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @Option(help: ArgumentHelp(
        "ZeroMQ endpoint of the alert stream (PUB); default: the --listen port + 1 on its host (ipc: its path + .alerts); none: no stream.",
        valueName: "endpoint"))
    var alerts: String?

    @Option(help: "Alerts kept in the history (oldest dropped).")
    var alertHistory = 10_000

    @Option(help: "Seconds before the same condition alerts again, unless its severity rises.")
    var alertCooldownSeconds = 86_400

    @Option(help: "Judge degradation and cost efficiency at most this often (milliseconds) while executions arrive.")
    var alertIntervalMs = 1000

    @Option(help: "Days in the recent window (today, UTC, and the days before it).")
    var alertRecentDays = 7

    @Option(help: "Days of history before the recent window that degradation compares with.")
    var alertHistoryDays = 30

    @Option(help: "Days with executions the history needs before degradation is judged.")
    var alertMinHistoryDays = 5

    @Option(help: "Executions the recent window needs before degradation is judged.")
    var alertMinRecentTasks = 10

    @Option(help: "Degradation: recent success rate below the history's mean minus this many standard deviations.")
    var alertDegradationSigmas = 2.0

    @Option(help: "... critical below the mean minus this many.")
    var alertCriticalSigmas = 3.0

    @Option(help: "Cost efficiency: value per dollar below this share of the catalog's target.")
    var alertCostRatio = 0.8

    @Option(help: "... critical below this share.")
    var alertCriticalCostRatio = 0.5

    @Option(help: "Executions with a value and a cost the recent window needs before cost efficiency is judged.")
    var alertMinCostSamples = 10

    @Option(help: "Adjustment drift: a learned factor further than this from 1.")
    var alertDrift = 0.5

    @Option(help: "... critical further than this.")
    var alertCriticalDrift = 1.0

    enum FsyncMode: String, ExpressibleByArgument, CaseIterable {
        case always, interval, never
    }

    /// The alert thresholds as given.
    var alertThresholds: AlertThresholds {
        var thresholds = AlertThresholds()
        thresholds.historyCapacity = alertHistory
        thresholds.cooldownMs = Int64(alertCooldownSeconds) * 1000
        thresholds.recentDays = alertRecentDays
        thresholds.historyDays = alertHistoryDays
        thresholds.minimumHistoryDays = alertMinHistoryDays
        thresholds.minimumRecentTasks = alertMinRecentTasks
        thresholds.degradationDeviations = alertDegradationSigmas
        thresholds.criticalDegradationDeviations = alertCriticalSigmas
        thresholds.costEfficiencyRatio = alertCostRatio
        thresholds.criticalCostEfficiencyRatio = alertCriticalCostRatio
        thresholds.minimumCostSamples = alertMinCostSamples
        thresholds.driftTolerance = alertDrift
        thresholds.criticalDriftTolerance = alertCriticalDrift
        return thresholds
    }

    func validate() throws {
        guard (curveSecretKey == nil) == (authorizedClients == nil) else {
            throw ValidationError("--curve-secret-key and --authorized-clients go together")
        }
        do {
            try alertThresholds.validate()
        } catch {
            throw ValidationError("--alert-\(String(error.field.map { $0 == "_" ? "-" : $0 })): \(error.message)")
        }
        guard alertIntervalMs > 0 else { throw ValidationError("--alert-interval-ms must be positive") }
        guard maxBatchSize > 0 else { throw ValidationError("--max-batch-size must be positive") }
        guard fsyncIntervalMs > 0 else { throw ValidationError("--fsync-interval-ms must be positive") }
        guard snapshotMib > 0 else { throw ValidationError("--snapshot-mib must be positive") }
        guard emaAlpha > 0, emaAlpha <= 1 else { throw ValidationError("--ema-alpha must be in (0, 1]") }
        if let graduationThreshold, !(graduationThreshold.isFinite && (0...1).contains(graduationThreshold)) {
            throw ValidationError("--graduation-threshold must be between 0 and 1")
        }
        _ = try parsedLearningInterval()
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// `--learning-interval` as a duration; nil for off.
    func parsedLearningInterval() throws -> Duration? {
        let text = learningInterval.lowercased()
        if text == "off" || text == "never" { return nil }
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        let unit = text.last.flatMap { units[$0] }
        guard let number = Double(unit == nil ? Substring(text) : text.dropLast()), number.isFinite, number * (unit ?? 1) >= 1 else {
            throw ValidationError("--learning-interval must be at least 1 s: a number with s, m, h or d (e.g. 30m, 24h), or off; got '\(learningInterval)'")
        }
        return .milliseconds(Int64(number * (unit ?? 1) * 1000))
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
        configuration.catalogDirectory = catalogDir
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
        configuration.learningInterval = try parsedLearningInterval()
        configuration.graduationThreshold = graduationThreshold
        configuration.alertsEndpoint = alerts
        configuration.alertThresholds = alertThresholds
        configuration.alertEvaluationInterval = .milliseconds(alertIntervalMs)

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
