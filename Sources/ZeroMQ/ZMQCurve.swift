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

    /// The 32 key bytes of a 40-character Z85 key; nil when `z85` is not one.
    public static func decodeKey(_ z85: String) -> [UInt8]? {
        guard z85.utf8.count == 40 else { return nil }
        var key = [UInt8](repeating: 0, count: 32)
        return zmq_z85_decode(&key, z85) == nil ? nil : key
    }

    /// The 40-character Z85 text of a 32-byte key, such as the client key a
    /// ZAP request carries; nil for any other length.
    public static func encodeKey(_ key: some Collection<UInt8>) -> String? {
        let bytes = Array(key)
        guard bytes.count == 32 else { return nil }
        var z85 = [CChar](repeating: 0, count: 41)
        return zmq_z85_encode(&z85, bytes, bytes.count) == nil ? nil : string(z85)
    }

    /// The key in the text of a key file: the first line that is neither
    /// empty nor a `#` comment, trimmed; nil unless it is a valid Z85 key.
    ///
    /// `arbiter keygen` writes such files, one key per file, with a comment
    /// saying whose key it is and whether it is public or secret.
    public static func key(inFileContents text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }
            let key = String(trimmed.reversed())
            if key.isEmpty || key.hasPrefix("#") { continue }
            return decodeKey(key) == nil ? nil : key
        }
        return nil
    }

    private static func string(_ z85: [CChar]) -> String {
        String(decoding: z85.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
