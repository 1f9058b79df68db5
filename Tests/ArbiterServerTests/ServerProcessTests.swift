import ArbiterProcess
import Foundation
import Testing

/// The launcher every integration test and benchmark starts `arbiterd` with.
@Suite struct ServerProcessTests {
    /// A port found free can be bound first by a server started in parallel, which then answers
    /// on it: only a server reporting this launcher's state directory counts as started. The
    /// stand-in runs the real server on the port it is given but on another state directory, as
    /// if another server held the port; every attempt is refused.
    @Test func anotherServersAnswerIsNotTakenForItsOwn() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stand-in-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let standIn = directory.appendingPathComponent("arbiterd")
        try """
            #!/bin/sh
            # --listen ENDPOINT --state-dir DIR ...: the same server, elsewhere on disk.
            listen="$2"; shift 4
            exec '\(TestServer.defaultBinary.path)' --listen "$listen" --state-dir '\(directory.path)/elsewhere' "$@"
            """.write(to: standIn, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: standIn.path)

        let error = #expect(throws: ServerProcessError.self) {
            _ = try ServerProcess(binary: standIn, arguments: ["--fsync", "never"], timeout: .seconds(20))
        }
        #expect(error?.description.hasPrefix("arbiterd found no free port in 5 attempts") == true)
    }
}
