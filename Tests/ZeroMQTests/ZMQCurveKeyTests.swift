import Testing
import ZeroMQ

/// Z85 key text: decoding, encoding and key files.
struct ZMQCurveKeyTests {
    @Test func keysRoundTripThroughZ85() throws {
        let pair = try ZMQCurve.generateKeyPair()
        let bytes = try #require(ZMQCurve.decodeKey(pair.publicKey))
        #expect(bytes.count == 32)
        #expect(ZMQCurve.encodeKey(bytes) == pair.publicKey)
        #expect(ZMQCurve.encodeKey(bytes.dropLast()) == nil)
        #expect(ZMQCurve.decodeKey(String(pair.publicKey.dropLast())) == nil)
        // A character outside the Z85 alphabet (space, quote, comma, backslash...).
        #expect(ZMQCurve.decodeKey(String(pair.publicKey.dropLast()) + "\"") == nil)
    }

    @Test func keyFilesSkipCommentsAndBlankLines() throws {
        let pair = try ZMQCurve.generateKeyPair()
        #expect(ZMQCurve.key(inFileContents: "# server: CURVE public key\n\n  \(pair.publicKey)  \r\n") == pair.publicKey)
        #expect(ZMQCurve.key(inFileContents: pair.secretKey) == pair.secretKey)
        #expect(ZMQCurve.key(inFileContents: "# only a comment\n") == nil)
        #expect(ZMQCurve.key(inFileContents: "not a key\n\(pair.publicKey)\n") == nil)
    }
}
