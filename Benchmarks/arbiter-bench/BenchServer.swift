import ArbiterClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// An `arbiterd` process for a benchmark, on a free port with a fresh state directory.
final class BenchServer {
    let binary: String
    let fsync: String
    let extraArguments: [String]
    let stateDirectory: String
    private(set) var endpoint = ""
    private var process: Process?

    init(binary: String, fsync: String, extraArguments: [String] = []) throws {
        self.binary = binary
        self.fsync = fsync
        self.extraArguments = extraArguments
        stateDirectory = NSTemporaryDirectory() + "arbiter-bench-\(UUID().uuidString)"
        _ = try restart()
    }

    deinit {
        terminate()
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }

    /// Starts the server and returns how long it took to answer `get_status`.
    func restart() throws -> Double {
        endpoint = "tcp://127.0.0.1:\(Int.random(in: 20_000...60_000))"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--listen", endpoint, "--state-dir", stateDirectory, "--fsync", fsync, "--log-level", "warning"] + extraArguments
        let start = ContinuousClock.now
        try process.run()
        self.process = process
        while ContinuousClock.now - start < .seconds(120) {
            guard process.isRunning else { throw BenchError("arbiterd exited at start (status \(process.terminationStatus))") }
            if let connection = try? ArbiterConnection(endpoint: endpoint, timeout: .milliseconds(200)), (try? connection.status()) != nil {
                return (ContinuousClock.now - start).seconds
            }
            usleep(10_000)
        }
        throw BenchError("arbiterd did not answer within 120 s")
    }

    func terminate() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    func kill9() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// VmRSS of the server process, in bytes.
    func residentBytes() -> Int { statusBytes("VmRSS:") }

    /// VmHWM of the server process: its peak resident memory so far, in bytes.
    func peakResidentBytes() -> Int { statusBytes("VmHWM:") }

    /// Starts VmHWM again from the current resident size (Linux `clear_refs` 5), so a later
    /// `peakResidentBytes()` measures one phase.
    func resetPeakResident() {
        guard let process else { return }
        try? "5".write(toFile: "/proc/\(process.processIdentifier)/clear_refs", atomically: false, encoding: .utf8)
    }

    private func statusBytes(_ field: String) -> Int {
        guard let process,
              let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
              let kib = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kib * 1024
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
