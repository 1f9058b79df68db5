import CZeroMQ

/// CURVE key pairs, in the 40-character Z85 text form the socket options take.
public enum ZMQCurve {
    /// Whether the linked libzmq supports CURVE (it needs libsodium).
    public static var isAvailable: Bool {
        ZMQContext.hasCapability("curve")
    }

    /// A new random long-term key pair.
    ///
    /// Throws `ENOTSUP` when libzmq was built without CURVE.
    public static func generateKeyPair() throws(ZMQError) -> (publicKey: String, secretKey: String) {
        // Z85 encodes 32 bytes as 40 characters, plus the terminating NUL.
        var publicKey = [CChar](repeating: 0, count: 41)
        var secretKey = [CChar](repeating: 0, count: 41)
        try zmqCall("zmq_curve_keypair") { zmq_curve_keypair(&publicKey, &secretKey) }
        return (string(publicKey), string(secretKey))
    }

    /// The public key that belongs to a secret key, both as Z85 text.
    public static func publicKey(fromSecret secretKey: String) throws(ZMQError) -> String {
        guard secretKey.utf8.count == 40 else {
            throw .failed(call: "zmq_curve_public", errno: EINVAL)
        }
        var publicKey = [CChar](repeating: 0, count: 41)
        try zmqCall("zmq_curve_public") { zmq_curve_public(&publicKey, secretKey) }
        return string(publicKey)
    }

    private static func string(_ z85: [CChar]) -> String {
        String(decoding: z85.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
