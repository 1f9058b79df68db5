import ArbiterClient
import ArbiterCore
import ArbiterWire
import Foundation
import Synchronization
import Testing

/// What survives stops, crashes and damaged files.
@Suite(.serialized)
struct DurabilityTests {
    @Test func gracefulRestartKeepsIdenticalRows() throws {
        let server = try TestServer()
        var factory = ExecutionFactory(seed: 23)
        let client = try server.connect()
        _ = try client.record(batch: (0..<300).map { factory.execution(id: "g-\($0)") })
        for index in 0..<50 { _ = try client.record(factory.execution(id: "s-\(index)")) }
        let before = try client.performance(PerformanceQuery())
        try server.stop()
        try server.start()
        let after = try server.connect().performance(PerformanceQuery())
        #expect(after == before)
        #expect(try server.connect().status().snapshotSequence > 0)
    }

    /// Four writers record with fsync=always; the server is killed with SIGKILL
    /// at a random moment. Every acknowledged execution must be there after the
    /// restart, exactly once and with its own values. Each execution gets its
    /// own complexity, so each performance row is exactly one execution.
    @Test func sigkillLosesNothingAcknowledged() throws {
        let server = try TestServer()
        let acknowledged = Mutex<[String: TaskExecution]>([:])
        let sent = Mutex<[String: TaskExecution]>([:])
        let stop = Atomic<Bool>(false)
        let endpoint = server.endpoint
        let writers = (0..<4).map { writer in
            Thread {
                guard let connection = try? ArbiterConnection(endpoint: endpoint, timeout: .seconds(2)) else { return }
                var factory = ExecutionFactory(seed: UInt64(writer + 100))
                var index = 0
                while !stop.load(ordering: .relaxed) {
                    let id = "w\(writer)-\(index)"
                    let execution = factory.execution(id: id, complexity: "c-\(id)")
                    sent.withLock { $0[id] = execution }
                    guard (try? connection.record(execution)) != nil else { break }
                    acknowledged.withLock { $0[id] = execution }
                    index += 1
                }
            }
        }
        writers.forEach { $0.start() }
        var random = SystemRandomNumberGenerator()
        usleep(UInt32.random(in: 400_000...900_000, using: &random))
        server.kill9()
        stop.store(true, ordering: .relaxed)
        usleep(2_500_000)  // writers notice the dead server (2 s timeout)

        try server.start()
        let rows = try server.connect().performance(PerformanceQuery())
        let stored = Dictionary(uniqueKeysWithValues: rows.map { (String($0.complexity.dropFirst(2)), $0) })
        let acked = acknowledged.withLock { $0 }
        let all = sent.withLock { $0 }
        #expect(acked.count > 20, "the load ran too briefly to test anything")
        #expect(rows.allSatisfy { $0.totalTasks == 1 })
        for (id, execution) in acked {
            guard let row = stored[id] else {
                Issue.record("acknowledged execution \(id) lost")
                continue
            }
            #expect(row.avgQualityScore == execution.qualityScore)
            #expect(row.avgExecutionTime == execution.executionTimeSeconds)
            #expect(row.model == execution.assignedModel)
        }
        #expect(Set(stored.keys).isSubset(of: Set(all.keys)))
        #expect(try server.connect().status().executionsStored == stored.count)
    }

    @Test func tornFinalRecordIsTruncatedWithAWarning() throws {
        let server = try TestServer(fsync: "always")
        var factory = ExecutionFactory(seed: 29)
        let client = try server.connect()
        for index in 0..<20 { _ = try client.record(factory.execution(id: "t-\(index)")) }
        let before = try client.performance(PerformanceQuery())
        server.kill9()
        // A write cut short: half a record's header and some of its body.
        let segment = try Self.files(in: server.stateDirectory, prefix: "wal-").last!
        let handle = try FileHandle(forWritingTo: segment)
        handle.seekToEndOfFile()
        handle.write(Data([0x40, 0x00, 0x00, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x0A, 0x03]))
        try handle.close()

        try server.start()
        #expect(try server.connect().performance(PerformanceQuery()) == before)
        #expect(server.log.contains("torn final record"))
        // The log is writable again after the repair.
        #expect(try server.connect().record(factory.execution(id: "after")).duplicate == false)
    }

    /// A damaged newest snapshot falls back to the older one. The damaged one is set aside, so it
    /// does not count as one of the two the next snapshot keeps: that one damaged too, the older
    /// valid snapshot and its log are still there.
    @Test func corruptNewestSnapshotFallsBackToTheOlderOne() throws {
        let server = try TestServer()
        var factory = ExecutionFactory(seed: 31)
        _ = try server.connect().record(batch: (0..<100).map { factory.execution(id: "a-\($0)") })
        try server.stop()  // snapshot 2
        try server.start()
        _ = try server.connect().record(batch: (0..<100).map { factory.execution(id: "b-\($0)") })
        var before = try server.connect().performance(PerformanceQuery())
        try server.stop()  // snapshot 3
        #expect(try Self.files(in: server.stateDirectory, prefix: "snapshot-").count == 2)
        try Self.damageNewestSnapshotAndStart(server)
        #expect(try server.connect().performance(PerformanceQuery()) == before)
        #expect(server.log.contains("snapshot unusable"))

        _ = try server.connect().record(batch: (0..<100).map { factory.execution(id: "c-\($0)") })
        before = try server.connect().performance(PerformanceQuery())
        try server.stop()  // snapshot 4
        try Self.damageNewestSnapshotAndStart(server)
        #expect(try server.connect().performance(PerformanceQuery()) == before)
    }

    /// Before a second snapshot exists, the older path to the state is the log from its
    /// first segment: the first snapshot must not delete it, or one damaged byte in that
    /// snapshot loses everything.
    @Test func corruptOnlySnapshotFallsBackToTheWholeLog() throws {
        let server = try TestServer()
        var factory = ExecutionFactory(seed: 41)
        _ = try server.connect().record(batch: (0..<100).map { factory.execution(id: "o-\($0)") })
        let before = try server.connect().performance(PerformanceQuery())
        try server.stop()  // the first snapshot
        #expect(try Self.files(in: server.stateDirectory, prefix: "snapshot-").count == 1)
        try Self.damageNewestSnapshotAndStart(server)
        #expect(try server.connect().performance(PerformanceQuery()) == before)
        #expect(server.log.contains("rebuilding from the whole write-ahead log"))
    }

    /// A crash while a snapshot is written leaves its temporary file, as large as the state.
    /// Later snapshots are of later segments, so nothing would overwrite it: start-up removes it.
    @Test func unfinishedSnapshotOfACrashIsRemovedAtStart() throws {
        let server = try TestServer()
        var factory = ExecutionFactory(seed: 43)
        _ = try server.connect().record(batch: (0..<100).map { factory.execution(id: "u-\($0)") })
        let before = try server.connect().performance(PerformanceQuery())
        server.kill9()
        let segment = try #require(try Self.files(in: server.stateDirectory, prefix: "wal-").last)
        let number = segment.lastPathComponent.dropFirst("wal-".count).dropLast(".log".count)
        let unfinished = server.stateDirectory.appendingPathComponent("snapshot-\(number).snap.tmp")
        try Data("ARBSNP01".utf8 + [UInt8](repeating: 0x5A, count: 4096)).write(to: unfinished)

        try server.start()
        #expect(!FileManager.default.fileExists(atPath: unfinished.path))
        #expect(server.log.contains("unfinished snapshot"))
        #expect(try server.connect().performance(PerformanceQuery()) == before)
    }

    /// Every distinct complexity and domain is a token-calibration group with its own
    /// adjustments, so a learning run measures more the more labels clients send: here 30,000 of
    /// each, 240 bytes long. The run logs every adjustment, and its report, listing at most 1,000
    /// of each kind and counting the rest, is answered and kept (listing them all outgrew the
    /// 64 MiB a log record may hold), so `get_report` serves it after a restart.
    @Test func aRunOverTensOfThousandsOfLabelsKeepsABoundedReport() throws {
        let server = try TestServer(extraArguments: ["--learning-interval", "off"])
        let connection = try server.connect(timeout: .seconds(300))
        let asOfMs: Int64 = 1_790_000_000_000
        let label = String(repeating: "x", count: 240)
        for batch in 0..<3 {
            _ = try connection.record(batch: (0..<10_000).map { index in
                TaskExecution(
                    executionID: "big-\(batch)-\(index)", taskID: "t", priority: "P2", domain: "\(label)-d\(batch)-\(index)",
                    complexity: "\(label)-c\(batch)-\(index)", predictedValueScore: 50, predictedInputTokens: 1000,
                    predictedOutputTokens: 500, assignedModel: "test-model", actualInputTokens: 1500, actualOutputTokens: 800,
                    actualCost: 0.5, success: true, qualityScore: 7, timestampMs: asOfMs - 86_400_000)
            })
        }
        let report = try connection.runLearning(LearningRequest(asOfMs: asOfMs))
        let adjustments = try connection.adjustments()
        #expect(adjustments.count >= 60_000)
        #expect(report.adjustments == Array(adjustments.prefix(1000)))
        #expect(report.tokens.groups.count == 2000)
        let notListed = try #require(report.sections.first { $0.title == "Not listed" })
        #expect(notListed.lines.first == "\(adjustments.count - 1000) of \(adjustments.count) adjustments; list_adjustments has them all (the report lists 1000)")
        #expect(try connection.report().report == report)
        try server.stop()

        try server.start()
        let restarted = try server.connect(timeout: .seconds(300))
        #expect(try restarted.status().executionsStored == 30_000)
        #expect(try restarted.adjustments() == adjustments)
        #expect(try restarted.report().report == report)
    }

    /// A damaged record with more log after it is not a torn write: the server
    /// must refuse rather than silently drop what follows.
    @Test func corruptionInsideAnOlderSegmentRefusesToStart() throws {
        let server = try TestServer(extraArguments: ["--snapshot-mib", "1"])
        var factory = ExecutionFactory(seed: 37)
        let client = try server.connect()
        // Enough to rotate the 1 MiB log segments, with a snapshot each time, several times.
        for round in 0..<20 {
            _ = try client.record(batch: (0..<1000).map { factory.execution(id: "r\(round)-\($0)") })
        }
        // Less than a segment, so the segment after the last background snapshot is not empty.
        _ = try client.record(batch: (0..<300).map { factory.execution(id: "tail-\($0)") })
        try server.stop()
        let snapshots = try Self.files(in: server.stateDirectory, prefix: "snapshot-")
        try #require(snapshots.count == 2)
        // The newest snapshot is damaged, so start-up must replay the log from
        // the older one, and the first segment of that replay is damaged too.
        try Self.flipByte(in: snapshots[1], at: 100)
        let olderSegment = snapshots[0].lastPathComponent.dropFirst("snapshot-".count).dropLast(".snap".count)
        let segment = server.stateDirectory.appendingPathComponent("wal-\(olderSegment).log")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: segment.path)[.size] as? Int)
        try #require(size > 1000, "the segment after the older snapshot holds records")
        try Self.flipByte(in: segment, at: size / 2)

        try server.start(waitUntilReady: false)
        let status = server.waitForExit()
        #expect(status != nil && status != 0)
        #expect(server.log.contains("not a torn final write"))
    }

    /// Log segments or snapshots in use, not temporary or set-aside ones.
    static func files(in directory: URL, prefix: String) throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: directory, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.hasPrefix(prefix) && ["log", "snap"].contains($0.pathExtension) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// Flips a byte of the newest snapshot and starts the server again.
    static func damageNewestSnapshotAndStart(_ server: TestServer) throws {
        try flipByte(in: try #require(try files(in: server.stateDirectory, prefix: "snapshot-").last), at: 200)
        try server.start()
    }

    static func flipByte(in file: URL, at offset: Int) throws {
        var data = try Data(contentsOf: file)
        guard offset < data.count else { throw TestServerError("\(file.lastPathComponent) has \(data.count) bytes; cannot damage byte \(offset)") }
        data[offset] ^= 0xFF
        try data.write(to: file)
    }
}
