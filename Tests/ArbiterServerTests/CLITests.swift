import ArbiterClient
import ArbiterCore
import Foundation
import Testing

/// The `arbiter` CLI run as a real process against a real server.
@Suite(.serialized)
struct CLITests {
    /// The built `arbiter`: `$ARBITER_CLI`, else beside `arbiterd`.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["ARBITER_CLI"] { return URL(fileURLWithPath: path) }
        return TestServer.defaultBinary.deletingLastPathComponent().appendingPathComponent("arbiter")
    }

    struct Run {
        var status: Int32
        var output: String
        var errors: String
    }

    static func run(_ arguments: [String], stdin: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe(), errors = Pipe(), input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: out, as: UTF8.self), errors: String(decoding: err, as: UTF8.self))
    }

    @Test func recordImportsAFileAndReportsBadLinesByNumber() throws {
        let server = try TestServer()
        var factory = ExecutionFactory(seed: 41)
        var lines = (0..<5).map { ExecutionJSON.line(for: factory.execution(id: "cli-\($0)")) }
        lines.insert("{not json", at: 2)  // line 3
        var bad = factory.execution(id: "cli-bad")
        bad.qualityScore = 42
        lines.append(ExecutionJSON.line(for: bad))  // line 7
        lines.append("")
        lines.append(ExecutionJSON.line(for: factory.execution(id: "cli-0")))  // line 9, a duplicate
        let file = server.stateDirectory.deletingLastPathComponent().appendingPathComponent("cli-\(UUID().uuidString).jsonl")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }

        let run = try Self.run(["record", file.path, "--endpoint", server.endpoint, "--batch-size", "3"])
        #expect(run.status != 0)
        #expect(run.output.contains("accepted:   5"))
        #expect(run.output.contains("duplicates: 1"))
        #expect(run.output.contains("rejected:   2"))
        #expect(run.output.contains("line 3:"))
        #expect(run.output.contains("line 7:") && run.output.contains("quality_score"))
        #expect(try server.connect().status().executionsStored == 5)
    }

    @Test func recordReadsStandardInput() throws {
        let server = try TestServer()
        var factory = ExecutionFactory(seed: 43)
        let input = (0..<4).map { ExecutionJSON.line(for: factory.execution(id: "stdin-\($0)")) }.joined(separator: "\n")
        let run = try Self.run(["record", "-", "--endpoint", server.endpoint], stdin: input)
        #expect(run.status == 0, "\(run.errors)")
        #expect(try server.connect().status().executionsStored == 4)
    }

    @Test func perfJSONMatchesTheServerRows() throws {
        let server = try TestServer()
        var factory = ExecutionFactory(seed: 47)
        _ = try server.connect().record(batch: (0..<60).map { factory.execution(id: "p-\($0)") })
        let rows = try server.connect().performance(PerformanceQuery(groupBy: [.model]))

        let run = try Self.run(["perf", "--group-by", "model", "--json", "--endpoint", server.endpoint])
        #expect(run.status == 0, "\(run.errors)")
        // JSONDecoder, not JSONSerialization: the latter rounds some doubles wrongly on Linux.
        struct Row: Decodable {
            var model: String
            var total_tasks: Int
            var success_rate: Double
            var avg_quality_score: Double
            var quality_stddev: Double
            var value_per_dollar: Double
            var running: [String: Double]?
        }
        let decoded = try JSONDecoder().decode([Row].self, from: Data(run.output.utf8))
        let byModel = Dictionary(uniqueKeysWithValues: decoded.map { ($0.model, $0) })
        #expect(byModel.count == rows.count)
        for row in rows {
            let object = try #require(byModel[row.model])
            #expect(object.total_tasks == row.totalTasks)
            #expect(object.success_rate == row.successRate)
            #expect(object.avg_quality_score == row.avgQualityScore)
            #expect(object.quality_stddev == row.qualityStddev)
            #expect(object.value_per_dollar == row.valuePerDollar)
            #expect(object.running == nil)
        }

        let table = try Self.run(["perf", "--model", "opus-4.6", "--endpoint", server.endpoint])
        #expect(table.status == 0)
        #expect(table.output.contains("opus-4.6"))
        #expect(!table.output.contains("deepseek-v3"))

        // Retries recorded from JSON lines are shown apart with --retries.
        let retries = (0..<7).map {
            var e = factory.execution(id: "r-\($0)")
            e.attempt = 2
            return ExecutionJSON.line(for: e)
        }
        let recorded = try Self.run(["record", "-", "--endpoint", server.endpoint], stdin: retries.joined(separator: "\n"))
        #expect(recorded.status == 0, "\(recorded.errors)")
        let retryRun = try Self.run(["perf", "--retries", "--group-by", "model", "--json", "--endpoint", server.endpoint])
        #expect(retryRun.status == 0, "\(retryRun.errors)")
        #expect(try JSONDecoder().decode([Row].self, from: Data(retryRun.output.utf8)).map(\.total_tasks).reduce(0, +) == 7)
        #expect(try server.connect().performance(PerformanceQuery(groupBy: [.model])) == rows)
    }

    @Test func statusAndServerErrors() throws {
        let server = try TestServer()
        let status = try Self.run(["status", "--json", "--endpoint", server.endpoint])
        #expect(status.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(status.output.utf8)) as? [String: Any]
        #expect((object?["executions_stored"] as? NSNumber)?.intValue == 0)
        #expect(object?["fsync_mode"] as? String == "always")

        try server.stop()
        let down = try Self.run(["status", "--endpoint", server.endpoint, "--timeout", "0.5"])
        #expect(down.status != 0)
        #expect(down.errors.contains("UNAVAILABLE"))
    }
}
