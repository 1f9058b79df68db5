public import ArbiterCore
import Foundation
import ZeroMQ

/// What a client needs to talk to a server with CURVE: its own key pair and
/// the server's public key, all as 40-character Z85 text.
public struct CurveClientKeys: Sendable, Hashable {
    public var publicKey: String
    public var secretKey: String
    public var serverPublicKey: String

    /// Keys from text; the public key is derived from the secret one.
    public init(secretKey: String, serverPublicKey: String) throws(ArbiterError) {
        guard ZMQCurve.decodeKey(secretKey) != nil else {
            throw ArbiterError(.invalidArgument, "the client secret key is not a 40-character Z85 key", field: "curve_secret_key")
        }
        guard ZMQCurve.decodeKey(serverPublicKey) != nil else {
            throw ArbiterError(.invalidArgument, "the server public key is not a 40-character Z85 key", field: "server_key")
        }
        guard let publicKey = try? ZMQCurve.publicKey(fromSecret: secretKey) else {
            throw ArbiterError(.invalidArgument, "no public key can be derived from the client secret key", field: "curve_secret_key")
        }
        self.publicKey = publicKey
        self.secretKey = secretKey
        self.serverPublicKey = serverPublicKey
    }

    /// Keys from the files `arbiter keygen` writes: this client's secret key
    /// file and the server's public key file.
    public init(secretKeyFile: String, serverPublicKeyFile: String) throws(ArbiterError) {
        try self.init(
            secretKey: try Self.readKey(secretKeyFile, field: "curve_secret_key"),
            serverPublicKey: try Self.readKey(serverPublicKeyFile, field: "server_key"))
    }

    /// Makes `socket` a CURVE client of the server with these keys; set before connecting.
    func apply(to socket: ZMQSocket) throws(ZMQError) {
        try socket.setCurveServerKey(serverPublicKey)
        try socket.setCurvePublicKey(publicKey)
        try socket.setCurveSecretKey(secretKey)
    }

    /// The Z85 key in a key file.
    public static func readKey(_ path: String, field: String) throws(ArbiterError) -> String {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ArbiterError(.invalidArgument, "cannot read the key file \(path): \(error.localizedDescription)", field: field)
        }
        guard let key = ZMQCurve.key(inFileContents: text) else {
            throw ArbiterError(.invalidArgument, "\(path) holds no 40-character Z85 key", field: field)
        }
        return key
    }
}
