import ArbiterProcess
import ArgumentParser
import Foundation

/// The options of every benchmark that runs a real `arbiterd`.
struct ServerOptions: ParsableArguments {
    @Option(help: "Path of the arbiterd binary.")
    var arbiterd = ".build/release/arbiterd"

    /// Starts `arbiterd` on a free port with a fresh state directory, its warnings on this
    /// process's stderr, and waits until it answers.
    func startServer(fsync: String, extraArguments: [String] = []) throws -> ServerProcess {
        try ServerProcess(
            binary: URL(fileURLWithPath: arbiterd),
            arguments: ["--fsync", fsync, "--log-level", "warning"] + extraArguments,
            logToFile: false,
            timeout: .seconds(120))
    }
}
