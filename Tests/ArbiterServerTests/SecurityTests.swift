import ArbiterClient
import ArbiterCore
import ArbiterServer
import Foundation
import Testing
import ZeroMQ

/// Binding policy, `arbiter keygen` and the CLI's CURVE options against a real server.
@Suite(.serialized)
struct SecurityTests {
    @Test(arguments: [
        ("tcp://127.0.0.1:7470", true), ("tcp://127.8.9.10:1", true), ("tcp://localhost:7470", true),
        ("tcp://[::1]:7470", true), ("tcp://lo:7470", true), ("ipc:///tmp/arbiter.sock", true), ("inproc://x", true),
        ("tcp://*:7470", false), ("tcp://0.0.0.0:7470", false), ("tcp://[::]:7470", false),
        ("tcp://10.0.0.5:7470", false), ("tcp://eth0:7470", false), ("tcp://127.0.0.1.evil.com:7470", false),
        ("tcp://1270.0.0.1:7470", false), ("ws://127.0.0.1:7470", false), ("tcp://127.0.0.1", false),
    ])
    func listenEndpointIsLocalOnlyForLoopback(endpoint: String, local: Bool) {
        #expect(ListenEndpoint(endpoint).isLocalOnly == local, "\(endpoint)")
    }

    @Test func keygenWritesASecretFileOnlyItsOwnerCanReadAndRefusesToOverwrite() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let name = directory.appendingPathComponent("server").path
        let run = try CLITests.run(["keygen", name])
        #expect(run.status == 0, "\(run.errors)")
        let secret = try FileManager.default.attributesOfItem(atPath: name + ".key_secret")
        #expect((secret[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let publicText = try String(contentsOfFile: name + ".key", encoding: .utf8)
        let secretText = try String(contentsOfFile: name + ".key_secret", encoding: .utf8)
        let publicKey = try #require(ZMQCurve.key(inFileContents: publicText))
        let secretKey = try #require(ZMQCurve.key(inFileContents: secretText))
        #expect(try ZMQCurve.publicKey(fromSecret: secretKey) == publicKey)
        #expect(run.output.contains(publicKey))

        let again = try CLITests.run(["keygen", name])
        #expect(again.status != 0)
        #expect(again.errors.contains("exists"))
        #expect(try String(contentsOfFile: name + ".key_secret", encoding: .utf8) == secretText)
    }

    @Test func cliTalksToACurveServerWithItsKeysOnly() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let authorized = directory.appendingPathComponent("authorized")
        try FileManager.default.createDirectory(at: authorized.appendingPathComponent("readonly"), withIntermediateDirectories: true)
        let server = directory.appendingPathComponent("server").path
        let writer = directory.appendingPathComponent("writer").path
        let reader = directory.appendingPathComponent("reader").path
        let stranger = directory.appendingPathComponent("stranger").path
        for name in [server, writer, reader, stranger] { #expect(try CLITests.run(["keygen", name]).status == 0) }
        try FileManager.default.copyItem(atPath: writer + ".key", toPath: authorized.appendingPathComponent("writer.key").path)
        try FileManager.default.copyItem(atPath: reader + ".key", toPath: authorized.appendingPathComponent("readonly/reader.key").path)

        let keys = try CurveClientKeys(secretKeyFile: writer + ".key_secret", serverPublicKeyFile: server + ".key")
        let arbiterd = try TestServer(
            extraArguments: ["--curve-secret-key", server + ".key_secret", "--authorized-clients", authorized.path],
            curve: keys)
        var factory = ExecutionFactory(seed: 7)
        _ = try arbiterd.connect().record(factory.execution(id: "curve-1"))

        func status(_ key: String?, timeout: String = "1") throws -> CLITests.Run {
            var arguments = ["status", "--json", "--endpoint", arbiterd.endpoint, "--timeout", timeout]
            if let key { arguments += ["--curve-secret-key", key + ".key_secret", "--server-key", server + ".key"] }
            return try CLITests.run(arguments)
        }
        let admitted = try status(writer, timeout: "5")
        #expect(admitted.status == 0, "\(admitted.errors)")
        #expect(admitted.output.contains("\"executions_stored\" : 1"))
        #expect(try status(reader, timeout: "5").status == 0)
        #expect(try status(stranger).errors.contains("UNAVAILABLE"))
        #expect(try status(nil).errors.contains("UNAVAILABLE"))

        let denied = try CLITests.run([
            "reload-catalog", "--endpoint", arbiterd.endpoint, "--timeout", "5",
            "--curve-secret-key", reader + ".key_secret", "--server-key", server + ".key",
        ])
        #expect(denied.errors.contains("PERMISSION_DENIED"))
        #expect(try arbiterd.connect().status().executionsStored == 1)
    }

    @Test(arguments: [
        ("read-write:K", ClientRole.readWrite), ("read-only:K", .readOnly), ("read-only:", .readOnly),
        ("read-only", nil), ("read-onlyx:K", nil), ("read-writ:K", nil), (":read-only", nil), ("", nil),
    ] as [(String, ClientRole?)])
    func userIDNamesTheRoleBeforeItsFirstColon(userID: String, role: ClientRole?) {
        let matched = userID.utf8CString.withUnsafeBytes { ZAPHandler.role(ofUserID: UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
        #expect(matched == role, "\(userID)")
        #expect(ZAPHandler.role(ofUserID: nil) == nil)
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("arbiter-security-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
