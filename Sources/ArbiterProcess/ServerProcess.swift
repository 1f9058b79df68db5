public import ArbiterClient
public import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A real `arbiterd` process on a free loopback port, with its own state directory.
///
/// The one way the tests and the benchmarks run a server: it starts the binary,
/// waits until `get_status` answers, and can stop it gracefully, kill it with
/// SIGKILL, and start it again on the same state directory (on a fresh port).
/// Dropping it kills a server still running and removes the state directory and log.
public final class ServerProcess {
    /// The `arbiterd` binary.
    public let binary: URL
    /// The arguments after `--listen` and `--state-dir` (and `--alerts` on a free port, unless they set it).
    public let arguments: [String]
    public let stateDirectory: URL
    /// Where the server's stdout and stderr go over all its runs; `nil` leaves them on this process's.
    public let logFile: URL?
    /// The keys every connection uses, for a server started with CURVE.
    public let curve: CurveClientKeys?
    /// How long a start may take to answer `get_status`, and a stop to exit.
    public let timeout: Duration
    public private(set) var endpoint = ""
    private var process: Process?

    /// Starts the server and waits until it answers.
    ///
    /// - Parameters:
    ///   - stateDirectory: The state directory; a fresh one under the temporary directory when `nil`.
    ///   - logToFile: Collect stdout and stderr in a file beside the state directory (see ``log``).
    public init(
        binary: URL,
        arguments: [String] = [],
        stateDirectory: URL? = nil,
        logToFile: Bool = true,
        curve: CurveClientKeys? = nil,
        timeout: Duration = .seconds(30)
    ) throws {
        self.binary = binary
        self.arguments = arguments
        let stateDirectory = stateDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("arbiterd-\(UUID().uuidString)")
        self.stateDirectory = stateDirectory
        logFile = logToFile
            ? stateDirectory.deletingLastPathComponent().appendingPathComponent("\(stateDirectory.lastPathComponent).log")
            : nil
        self.curve = curve
        self.timeout = timeout
        try start()
    }

    deinit {
        kill9()
        try? FileManager.default.removeItem(at: stateDirectory)
        if let logFile { try? FileManager.default.removeItem(at: logFile) }
    }

    /// The built `arbiterd`: `$ARBITERD`, else beside the running executable in the build folder.
    public static var defaultBinary: URL {
        if let path = ProcessInfo.processInfo.environment["ARBITERD"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("arbiterd")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "arbiterd-not-built")
    }

    /// Starts (or restarts) the server on a fresh free port.
    ///
    /// A free port is free only when looked at: another server started in parallel may bind it
    /// first. So the server counts as ready only when the one answering reports this state
    /// directory; when another answers, or this one exits saying the address is in use, it
    /// starts again on another port (up to five times).
    ///
    /// - Parameter waitUntilReady: Wait until it answers `get_status`; `false` for a start
    ///   expected to fail (see ``waitForExit(timeout:)``).
    /// - Returns: How long the server took from launch to its first answer (zero when not waiting).
    @discardableResult
    public func start(waitUntilReady: Bool = true) throws -> Duration {
        var attempt = 0
        while true {
            attempt += 1
            let launched = try launch()
            guard waitUntilReady else { return .zero }
            switch try waitForAnswer(since: launched) {
            case .ready(let took):
                return took
            case .portTaken where attempt < 5:
                kill9()
            case .portTaken:
                throw ServerProcessError("arbiterd found no free port in 5 attempts\n\(log)")
            }
        }
    }

    private enum StartOutcome {
        case ready(Duration)
        /// Another process holds the port: it answered for another state directory, or this one
        /// exited saying the address is in use.
        case portTaken
    }

    private func launch() throws -> ContinuousClock.Instant {
        endpoint = "tcp://127.0.0.1:\(try Self.freePort())"
        let process = Process()
        process.executableURL = binary
        // Any free port for the alert stream unless the caller chooses: arbiterd's default, the
        // request port + 1, may be taken (by another server's request port, say).
        let alerts = arguments.contains("--alerts") ? [] : ["--alerts", "tcp://127.0.0.1:*"]
        process.arguments = ["--listen", endpoint, "--state-dir", stateDirectory.path] + alerts + arguments
        if let logFile {
            if !FileManager.default.fileExists(atPath: logFile.path) {
                _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
            }
            let log = try FileHandle(forWritingTo: logFile)
            log.seekToEndOfFile()
            process.standardError = log
            process.standardOutput = log
        }
        let launched = ContinuousClock.now
        try process.run()
        self.process = process
        return launched
    }

    private func waitForAnswer(since launched: ContinuousClock.Instant) throws -> StartOutcome {
        guard let process else { throw ServerProcessError("arbiterd was not launched") }
        let logBefore = log.utf8.count
        while ContinuousClock.now - launched < timeout {
            guard process.isRunning else {
                let said = String(log.utf8.dropFirst(logBefore)) ?? ""
                if said.contains("cannot listen on \(endpoint)") && said.contains("Address already in use") { return .portTaken }
                throw ServerProcessError("arbiterd exited with status \(process.terminationStatus) at start\n\(log)")
            }
            if let connection = try? ArbiterConnection(endpoint: endpoint, timeout: .milliseconds(300), curve: curve),
               let status = try? connection.status() {
                return status.stateDirectory == stateDirectory.path ? .ready(ContinuousClock.now - launched) : .portTaken
            }
            usleep(10_000)
        }
        throw ServerProcessError("arbiterd at \(binary.path) did not answer within \(timeout) (build it with `swift build`)\n\(log)")
    }

    /// What the server wrote to stderr and stdout so far, over all its runs; empty without a log file.
    public var log: String {
        guard let logFile else { return "" }
        return (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
    }

    /// A connection to the server, with its CURVE keys.
    public func connect(timeout: Duration = .seconds(10)) throws -> ArbiterConnection {
        try ArbiterConnection(endpoint: endpoint, timeout: timeout, curve: curve)
    }

    /// Waits for the process to exit and returns its status, or `nil` if it still runs after `timeout`.
    public func waitForExit(timeout: Duration? = nil) -> Int32? {
        guard let process else { return nil }
        let deadline = ContinuousClock.now + (timeout ?? self.timeout)
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// SIGTERM and wait: the graceful path (flush, snapshot).
    public func stop() throws {
        guard let process, process.isRunning else { return }
        process.terminate()
        guard waitForExit() != nil else { throw ServerProcessError("arbiterd did not stop within \(timeout) after SIGTERM\n\(log)") }
    }

    /// SIGKILL: no cleanup at all, as after a crash.
    public func kill9() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// VmRSS of the server process, in bytes (0 where `/proc` does not say).
    public func residentBytes() -> Int { statusBytes("VmRSS:") }

    /// VmHWM of the server process: its peak resident memory so far, in bytes.
    public func peakResidentBytes() -> Int { statusBytes("VmHWM:") }

    /// Starts VmHWM again from the current resident size (Linux `clear_refs` 5), so a later
    /// ``peakResidentBytes()`` measures one phase.
    public func resetPeakResident() {
        guard let process else { return }
        try? "5".write(toFile: "/proc/\(process.processIdentifier)/clear_refs", atomically: false, encoding: .utf8)
    }

    /// CPU time the server process has used so far (user and system, all its threads), in
    /// seconds, at the kernel's clock-tick resolution; 0 where `/proc` does not say.
    public func cpuSeconds() -> Double {
        guard let process,
              let stat = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/stat", encoding: .utf8),
              let commandEnd = stat.lastIndex(of: ")") else { return 0 }
        // After the command name: state is field 3, utime field 14, stime field 15.
        let fields = stat[stat.index(after: commandEnd)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    private func statusBytes(_ field: String) -> Int {
        guard let process,
              let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
              let kib = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kib * 1024
    }

    /// A loopback port nothing listens on now: bind port 0 and read what the kernel chose.
    ///
    /// A plain socket, not libzmq, which closes its listeners in the background after `zmq_close` returns.
    public static func freePort() throws -> Int {
        #if os(Linux)
        let stream = Int32(SOCK_STREAM.rawValue)
        #else
        let stream = SOCK_STREAM
        #endif
        let fd = socket(AF_INET, stream, 0)
        guard fd >= 0 else { throw ServerProcessError("socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Int32 in
                guard bind(fd, pointer, length) == 0 else { return -1 }
                return getsockname(fd, pointer, &length)
            }
        }
        guard bound == 0 else { throw ServerProcessError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
