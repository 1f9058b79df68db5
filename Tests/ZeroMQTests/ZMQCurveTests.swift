import Testing
import ZeroMQ

@Suite struct ZMQCurveTests {
    @Test func generatesKeyPairs() throws {
        #expect(ZMQCurve.isAvailable)
        let pair = try ZMQCurve.generateKeyPair()
        #expect(pair.publicKey.utf8.count == 40)
        #expect(pair.secretKey.utf8.count == 40)
        #expect(pair.publicKey != pair.secretKey)
        #expect(try ZMQCurve.publicKey(fromSecret: pair.secretKey) == pair.publicKey)
        #expect(try ZMQCurve.generateKeyPair().publicKey != pair.publicKey)
    }

    @Test func handshakeWithTheRightServerKey() throws {
        let context = try ZMQContext()
        let serverKeys = try ZMQCurve.generateKeyPair()
        let clientKeys = try ZMQCurve.generateKeyPair()

        let router = try makeSocket(context, .router)
        try router.setCurveServer(true)
        try router.setCurveSecretKey(serverKeys.secretKey)
        let endpoint = try bindToFreePort(router)

        let dealer = try makeSocket(context, .dealer)
        try dealer.setCurveServerKey(serverKeys.publicKey)
        try dealer.setCurvePublicKey(clientKeys.publicKey)
        try dealer.setCurveSecretKey(clientKeys.secretKey)
        try dealer.connect(endpoint)

        try dealer.send([UInt8]("secret"))
        let request = try router.receiveMultipart()
        #expect(request.frames.last == [UInt8]("secret"))
        try router.send(multipart: [request.frames[0], [UInt8]("sealed")])
        #expect(try dealer.receive() == [UInt8]("sealed"))
    }

    @Test func handshakeFailsWithTheWrongServerKey() throws {
        let context = try ZMQContext()
        let serverKeys = try ZMQCurve.generateKeyPair()
        let impostor = try ZMQCurve.generateKeyPair()
        let clientKeys = try ZMQCurve.generateKeyPair()

        let router = try makeSocket(context, .router)
        try router.setCurveServer(true)
        try router.setCurveSecretKey(serverKeys.secretKey)
        try router.setReceiveTimeout(milliseconds: 300)
        let endpoint = try bindToFreePort(router)

        let dealer = try makeSocket(context, .dealer)
        try dealer.setCurveServerKey(impostor.publicKey)
        try dealer.setCurvePublicKey(clientKeys.publicKey)
        try dealer.setCurveSecretKey(clientKeys.secretKey)
        try dealer.connect(endpoint)
        try dealer.send([UInt8]("secret"), dontWait: true)

        #expect(throws: ZMQError.wouldBlock(call: "zmq_msg_recv")) {
            try router.receiveMultipart()
        }
    }
}
