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

    func validate() throws {
        guard timeout.isFinite, timeout > 0 else {
            throw ValidationError("--timeout must be a positive number of seconds")
        }
    }

    /// The endpoint in effect: the option, else the environment, else the default.
    var resolvedEndpoint: String {
        if let endpoint {
            return endpoint
        }
        if let fromEnvironment = ProcessInfo.processInfo.environment["ARBITER_ENDPOINT"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        return ArbiterConnection.defaultEndpoint
    }

    func connect() throws(ArbiterError) -> ArbiterConnection {
        try ArbiterConnection(endpoint: resolvedEndpoint, timeout: .seconds(timeout))
    }
}
