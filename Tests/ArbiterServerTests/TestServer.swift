import ArbiterClient
import ArbiterCore
import ArbiterWire
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A real `arbiterd` process on a free loopback port, with its own state directory.
///
/// The one helper every integration test uses: it starts the built binary,
/// waits until `get_status` answers, and can stop it gracefully, kill it with
/// SIGKILL, and start it again on the same state directory.
final class TestServer {
    let stateDirectory: URL
    let fsync: String
    let extraArguments: [String]
    /// The keys every connection uses, for a server started with CURVE.
    let curve: CurveClientKeys?
    private(set) var endpoint = ""
    private var process: Process?
    private let logFile: URL

    init(fsync: String = "always", extraArguments: [String] = [], stateDirectory: URL? = nil, curve: CurveClientKeys? = nil) throws {
        self.curve = curve
        self.stateDirectory = stateDirectory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("arbiter-test-\(UUID().uuidString)")
        self.fsync = fsync
        self.extraArguments = extraArguments
        logFile = self.stateDirectory.deletingLastPathComponent().appendingPathComponent("\(self.stateDirectory.lastPathComponent).log")
        try start()
    }

    deinit {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: stateDirectory)
        try? FileManager.default.removeItem(at: logFile)
    }

    /// The built `arbiterd`: `$ARBITERD`, else beside the test bundle in the build folder.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["ARBITERD"] { return URL(fileURLWithPath: path) }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("arbiterd")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "arbiterd-not-built")
    }

    /// Starts (or restarts) the server on a fresh free port and waits until it answers.
    func start(expectFailure: Bool = false) throws {
        let port = try Self.freePort()
        endpoint = "tcp://127.0.0.1:\(port)"
        let process = Process()
        process.executableURL = Self.binary
        // Any free port for the alert stream unless a test chooses: the default, the request
        // port + 1, may be another test server's request port.
        let alerts = extraArguments.contains("--alerts") ? [] : ["--alerts", "tcp://127.0.0.1:*"]
        process.arguments = ["--listen", endpoint, "--state-dir", stateDirectory.path, "--fsync", fsync] + alerts + extraArguments
        if !FileManager.default.fileExists(atPath: logFile.path) {
            _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        }
        let log = try FileHandle(forWritingTo: logFile)
        log.seekToEndOfFile()
        process.standardError = log
        process.standardOutput = log
        try process.run()
        self.process = process
        if expectFailure { return }
        try waitUntilReady()
    }

    /// What the server wrote to stderr and stdout so far, over all its runs.
    var log: String { (try? String(contentsOf: logFile, encoding: .utf8)) ?? "" }

    /// Waits for the process to exit and returns its status.
    func waitForExit(timeout: Duration = .seconds(30)) -> Int32? {
        guard let process else { return nil }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(20_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// SIGTERM and wait: the graceful path (flush, snapshot).
    func stop() throws {
        guard let process, process.isRunning else { return }
        process.terminate()
        guard waitForExit() != nil else { throw TestServerError("arbiterd did not stop within 30 s after SIGTERM\n\(log)") }
    }

    /// SIGKILL: no cleanup at all, as after a crash.
    func kill9() {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    func connect(timeout: Duration = .seconds(10)) throws -> ArbiterConnection {
        try ArbiterConnection(endpoint: endpoint, timeout: timeout, curve: curve)
    }

    private func waitUntilReady() throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let process, !process.isRunning {
                throw TestServerError("arbiterd exited with status \(process.terminationStatus) at start\n\(log)")
            }
            if let connection = try? ArbiterConnection(endpoint: endpoint, timeout: .milliseconds(300), curve: curve),
               (try? connection.status()) != nil {
                return
            }
            usleep(50_000)
        }
        throw TestServerError("arbiterd at \(Self.binary.path) did not answer within 30 s (build it with `swift build`)\n\(log)")
    }

    /// A port nothing listens on now: bind port 0 and read what the kernel chose.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestServerError("socket() failed") }
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
        guard bound == 0 else { throw TestServerError("bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct TestServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Deterministic executions for tests: a small xorshift generator, so every run sees the same data.
struct ExecutionFactory {
    private var seed: UInt64

    init(seed: UInt64) { self.seed = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed }

    mutating func next() -> UInt64 {
        seed ^= seed << 13
        seed ^= seed >> 7
        seed ^= seed << 17
        return seed
    }

    mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }

    mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }

    mutating func execution(id: String, model: String? = nil, complexity: String? = nil) -> TaskExecution {
        TaskExecution(
            executionID: id,
            taskID: "task-\(next() % 100_000)",
            taskTitle: "Implement feature \(next() % 1000)",
            priority: pick(["P0", "P1", "P2", "P3"]),
            domain: pick(["infrastructure", "frontend"]),
            complexity: complexity ?? pick(["simple", "complex"]),
            predictedValueScore: (unit() * 100).rounded(),
            predictedInputTokens: Int64(next() % 4) == 0 ? 0 : Int64(1000 + next() % 9000),
            predictedOutputTokens: Int64(500 + next() % 4000),
            predictedCost: unit() * 2,
            assignedModel: model ?? pick(["opus-4.6", "sonnet-4.5", "deepseek-v3"]),
            assignmentReason: "learned_best",
            actualInputTokens: Int64(800 + next() % 12000),
            actualOutputTokens: Int64(400 + next() % 5000),
            actualCost: Int(next() % 5) == 0 ? 0 : unit() * 3,
            executionTimeSeconds: unit() * 300,
            success: unit() < 0.8,
            qualityScore: (unit() * 100).rounded() / 10,
            testsPassed: Int64(next() % 50),
            testsFailed: Int64(next() % 3),
            bugsIntroduced: Int64(next() % 2),
            revisionNeeded: unit() < 0.2,
            stakeholderSatisfaction: unit() < 0.5 ? nil : 1 + (unit() * 4).rounded(),
            valueDelivered: unit() < 0.3 ? nil : (unit() * 100).rounded(),
            timestampMs: 1_780_000_000_000 + Int64(next() % 86_400_000),
            workerID: "worker-\(next() % 8)",
            workspace: "/srv/ws")
    }
}
