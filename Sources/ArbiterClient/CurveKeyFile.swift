public import ArbiterCore
import Foundation
import ZeroMQ
#if canImport(Glibc)
import Glibc
#endif

/// Writes CURVE key pairs as key files: `NAME.key` holds the public key
/// (give it to the other side), `NAME.key_secret` the secret key, readable by
/// its owner only. Each file is a `#` comment line, then the Z85 key.
public enum CurveKeyFile {
    /// Generates a key pair and writes `NAME.key` and `NAME.key_secret`;
    /// refuses to overwrite either file.
    ///
    /// - Returns: The two paths and the public key.
    public static func generate(name: String) throws(ArbiterError) -> (publicPath: String, secretPath: String, publicKey: String) {
        let pair: (publicKey: String, secretKey: String)
        do {
            pair = try ZMQCurve.generateKeyPair()
        } catch {
            throw ArbiterError(.internal, "cannot generate a CURVE key pair: \(error)")
        }
        let publicPath = name + ".key"
        let secretPath = name + ".key_secret"
        for path in [publicPath, secretPath] where FileManager.default.fileExists(atPath: path) {
            throw ArbiterError(.alreadyExists, "\(path) exists; not overwriting a key", field: "name")
        }
        let base = (name as NSString).lastPathComponent
        try write("# \(base): CURVE secret key; keep it private\n\(pair.secretKey)\n", to: secretPath, mode: 0o600)
        try write("# \(base): CURVE public key\n\(pair.publicKey)\n", to: publicPath, mode: 0o644)
        return (publicPath, secretPath, pair.publicKey)
    }

    /// Creates `path` with `mode` from the start (never readable by others,
    /// even for a moment), writes `text` and syncs it.
    private static func write(_ text: String, to path: String, mode: mode_t) throws(ArbiterError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw ArbiterError(.invalidArgument, "cannot create \(path): \(String(cString: strerror(errno)))", field: "name")
        }
        defer { close(fd) }
        // The umask may have cleared bits of `mode`; the secret file must be exactly 0600.
        fchmod(fd, mode)
        let bytes = Array(text.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            throw ArbiterError(.internal, "cannot write \(path): \(String(cString: strerror(errno)))", field: "name")
        }
    }
}
