import Foundation
import Synchronization
import ZeroMQ

/// The client public keys the server admits, read from a directory, and what each may do.
///
/// Each file in the directory holds one Z85 public key (as `arbiter keygen`
/// writes it: comment lines starting with `#`, then the key) and admits a
/// read-write client; files in its `readonly/` subdirectory admit read-only
/// clients. Hidden files and `*.key_secret` files are skipped. ``reload()``
/// reads the directory again (on SIGHUP); a connection keeps the role it was
/// admitted with until it reconnects.
public final class AuthorizedClients: Sendable {
    /// The subdirectory whose keys are read-only.
    public static let readOnlySubdirectory = "readonly"

    public let directory: String
    /// Z85 public key to role.
    private let keys = Mutex<[String: ClientRole]>([:])

    /// Admits no one until ``reload()`` reads the directory.
    public init(directory: String) {
        self.directory = directory
    }

    /// Reads the directory again and replaces the keys; on failure the old keys stay.
    ///
    /// - Returns: The keys now admitted, and a warning for each file skipped.
    public func reload() throws(AuthorizedClientsError) -> (readWrite: Int, readOnly: Int, warnings: [String]) {
        var loaded: [String: ClientRole] = [:]
        var warnings: [String] = []
        try load(directory, as: .readWrite, into: &loaded, warnings: &warnings, required: true)
        let readOnly = (directory as NSString).appendingPathComponent(Self.readOnlySubdirectory)
        try load(readOnly, as: .readOnly, into: &loaded, warnings: &warnings, required: false)
        keys.withLock { $0 = loaded }
        let readOnlyCount = loaded.values.count { $0 == .readOnly }
        return (loaded.count - readOnlyCount, readOnlyCount, warnings)
    }

    /// The role of the client with this Z85 public key; nil when it is not admitted.
    public func role(ofPublicKey z85: String) -> ClientRole? {
        keys.withLock { $0[z85] }
    }

    private func load(
        _ path: String, as role: ClientRole, into loaded: inout [String: ClientRole],
        warnings: inout [String], required: Bool
    ) throws(AuthorizedClientsError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        } catch {
            if !required && !FileManager.default.fileExists(atPath: path) { return }
            throw AuthorizedClientsError(description: "cannot read the authorised clients directory \(path): \(error.localizedDescription)")
        }
        for name in names where !name.hasPrefix(".") {
            let file = (path as NSString).appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if name.hasSuffix(".key_secret") {
                warnings.append("\(file) is a secret key file; it does not belong among the authorised public keys and is ignored")
                continue
            }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8), let key = ZMQCurve.key(inFileContents: text) else {
                warnings.append("\(file) holds no Z85 public key (40 characters); ignored")
                continue
            }
            // A key listed both ways gets the lesser role.
            if loaded[key] != .readOnly { loaded[key] = role }
        }
    }
}

/// What a client admitted by CURVE may do.
public enum ClientRole: String, Sendable {
    /// Every call.
    case readWrite = "read-write"
    /// Ranking, estimation and reads; no recording or other change of state.
    case readOnly = "read-only"
}

/// The authorised clients directory cannot be read.
public struct AuthorizedClientsError: Error, Sendable, CustomStringConvertible {
    public var description: String
}
