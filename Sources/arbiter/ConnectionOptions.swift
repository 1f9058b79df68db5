import ArbiterClient
import ArbiterCore
import ArgumentParser
import Foundation

/// Where the server is and how long to wait for it; shared by every subcommand.
struct ConnectionOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "The server's ZeroMQ endpoint (default: $ARBITER_ENDPOINT, else \(ArbiterConnection.defaultEndpoint)).",
        valueName: "endpoint"
    ))
    var endpoint: String?

    @Option(help: ArgumentHelp("Seconds to wait for each answer from the server.", valueName: "seconds"))
    var timeout: Double = 10

    @Option(help: ArgumentHelp(
        "This client's CURVE secret key file, from `arbiter keygen` (default: $ARBITER_CURVE_SECRET_KEY); needs --server-key.",
        valueName: "file"))
    var curveSecretKey: String?

    @Option(help: ArgumentHelp(
        "The server's CURVE public key file (default: $ARBITER_SERVER_KEY); needs --curve-secret-key.",
        valueName: "file"))
    var serverKey: String?

    func validate() throws {
        guard (resolvedSecretKeyFile == nil) == (resolvedServerKeyFile == nil) else {
            throw ValidationError("--curve-secret-key and --server-key go together")
        }
        guard timeout.isFinite, timeout > 0 else {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
    }

    /// The endpoint in effect: the option, else the environment, else the default.
    var resolvedEndpoint: String {
        if let endpoint {
            return endpoint
        }
        if let fromEnvironment = Self.environment("ARBITER_ENDPOINT") {
            return fromEnvironment
        }
        return ArbiterConnection.defaultEndpoint
    }

    private var resolvedSecretKeyFile: String? {
        curveSecretKey ?? Self.environment("ARBITER_CURVE_SECRET_KEY")
    }

    private var resolvedServerKeyFile: String? {
        serverKey ?? Self.environment("ARBITER_SERVER_KEY")
    }

    private static func environment(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    func connect() throws(ArbiterError) -> ArbiterConnection {
        var curve: CurveClientKeys?
        if let secret = resolvedSecretKeyFile, let server = resolvedServerKeyFile {
            curve = try CurveClientKeys(secretKeyFile: secret, serverPublicKeyFile: server)
        }
        return try ArbiterConnection(endpoint: resolvedEndpoint, timeout: .seconds(timeout), curve: curve)
    }
}
