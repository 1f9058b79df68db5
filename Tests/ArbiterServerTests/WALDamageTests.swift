import ArbiterClient
import ArbiterCore
import Foundation
import Testing

/// A damaged record in the newest log segment with good records after it is
/// corruption, not a torn final write: start-up refuses instead of truncating
/// acknowledged records (the torn-tail case itself is in DurabilityTests).
@Suite(.serialized)
struct WALDamageTests {
    @Test func damageFollowedByValidRecordsRefusesToStartAndKeepsTheFile() throws {
        let server = try TestServer(fsync: "always")
        var factory = ExecutionFactory(seed: 53)
        let client = try server.connect()
        for index in 0..<40 { _ = try client.record(factory.execution(id: "d-\(index)")) }
        server.kill9()
        let names = try FileManager.default.contentsOfDirectory(atPath: server.stateDirectory.path)
        let segment = server.stateDirectory.appendingPathComponent(try #require(names.filter { $0.hasPrefix("wal-") }.max()))
        var bytes = try Data(contentsOf: segment)
        let size = bytes.count
        bytes[size / 3] ^= 0x01
        try bytes.write(to: segment)

        try server.start(waitUntilReady: false)
        #expect(server.waitForExit() == 2)
        #expect(server.log.contains("not a torn final write"))
        // Nothing was truncated: the operator can still repair it.
        #expect(try Data(contentsOf: segment).count == size)
    }
}
