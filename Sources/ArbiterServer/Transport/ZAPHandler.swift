import Foundation
import Logging
import Synchronization
import ZeroMQ

/// Answers libzmq's authentication requests (ZAP, RFC 27) for the CURVE
/// sockets of one context: admits a client whose public key is in
/// ``AuthorizedClients``, and gives its connection the user id
/// `ROLE:KEY` (such as `read-only:<Z85 key>`), which every message from it
/// then carries as its `User-Id` property.
///
/// libzmq sends the requests over `inproc://zeromq.zap.01` in the socket's
/// own context; a REP socket bound there, owned by a thread of its own,
/// answers them. The thread ends when the context is shut down, so
/// terminating the context stops it.
public final class ZAPHandler: Sendable {
    /// The endpoint libzmq sends ZAP requests to.
    static let endpoint = "inproc://zeromq.zap.01"

    private let context: ZMQContext
    private let clients: AuthorizedClients
    private let logger: Logger

    init(context: ZMQContext, clients: AuthorizedClients, logger: Logger) {
        self.context = context
        self.clients = clients
        self.logger = logger
    }

    /// The role a message's `User-Id` property names (its UTF-8 bytes, as
    /// ``ZMQReceivedFrames/property(_:ofFrame:)`` lends them); nil for a peer
    /// the ZAP handler did not admit (plain text, inproc).
    ///
    /// Matched on the bytes: every request from a CURVE client asks, and
    /// making a `String` of the user id would allocate each time.
    public static func role(ofUserID userID: UnsafeRawBufferPointer?) -> ClientRole? {
        guard let userID, let colon = userID.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let name = UnsafeRawBufferPointer(rebasing: userID[..<colon])
        if name.elementsEqual(ClientRole.readWrite.rawValue.utf8) { return .readWrite }
        if name.elementsEqual(ClientRole.readOnly.rawValue.utf8) { return .readOnly }
        return nil
    }

    /// Binds the ZAP endpoint and starts answering; returns once bound, so
    /// that no CURVE socket can take a connection before the handler is there.
    func start() throws {
        let bound = Mutex<Result<Void, ZMQError>?>(nil)
        let ready = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            let socket: ZMQSocket
            do throws(ZMQError) {
                socket = try ZMQSocket(context: context, type: .rep)
                try socket.setLinger(milliseconds: 0)
                try socket.bind(Self.endpoint)
            } catch {
                bound.withLock { $0 = .failure(error) }
                ready.signal()
                return
            }
            bound.withLock { $0 = .success(()) }
            ready.signal()
            serve(socket)
            socket.close()
        }
        thread.name = "arbiter-zap"
        thread.stackSize = 256 << 10
        thread.start()
        ready.wait()
        if case .failure(let error) = bound.withLock({ $0 }) { throw error }
    }

    private func serve(_ socket: ZMQSocket) {
        while true {
            let request: ZMQMultipartMessage
            do {
                request = try socket.receiveMultipart(maxFrames: 8)
            } catch {
                if !error.isContextTerminated {
                    logger.error("ZAP handler stopped", metadata: ["error": "\(error)"])
                }
                return
            }
            do {
                try socket.send(multipart: answer(request))
            } catch {
                if !error.isContextTerminated {
                    logger.error("ZAP handler stopped", metadata: ["error": "\(error)"])
                }
                return
            }
        }
    }

    /// The reply to one ZAP request: version, request id, status code, status text, user id, metadata.
    func answer(_ request: ZMQMultipartMessage) -> [[UInt8]] {
        let frames = request.frames
        let requestID = frames.count > 1 ? frames[1] : []
        func reply(_ code: String, _ text: String, userID: String = "") -> [[UInt8]] {
            [Array("1.0".utf8), requestID, Array(code.utf8), Array(text.utf8), Array(userID.utf8), []]
        }
        guard frames.count == 7, !request.isTruncated, frames[0].elementsEqual("1.0".utf8) else {
            return reply("500", "malformed ZAP request")
        }
        let address = String(decoding: frames[3], as: UTF8.self)
        guard frames[5].elementsEqual("CURVE".utf8), let key = ZMQCurve.encodeKey(frames[6]) else {
            logger.warning("refused a client that does not use CURVE", metadata: ["address": "\(address)"])
            return reply("400", "CURVE required")
        }
        guard let role = clients.role(ofPublicKey: key) else {
            logger.warning("refused an unknown client key", metadata: ["address": "\(address)", "key": "\(key)"])
            return reply("400", "client key not authorised")
        }
        logger.info("admitted a client", metadata: ["address": "\(address)", "key": "\(key)", "role": "\(role.rawValue)"])
        return reply("200", "OK", userID: "\(role.rawValue):\(key)")
    }
}
