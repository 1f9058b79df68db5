public import Logging
public import ZeroMQ

/// How the server's sockets that clients connect to (the request ROUTER, the
/// alert PUB) authenticate their peers: the one place that sets it up.
///
/// Apply it to each such socket before binding, and start its
/// ``startAuthenticator(in:logger:)`` once in each context those sockets live in.
public enum SocketSecurity: Sendable {
    /// No authentication and no encryption: allowed on loopback, or with `--insecure`.
    case plainText
    /// CURVE with the server's long-term secret key; only clients whose public
    /// keys are in `clients` are admitted.
    case curve(secretKey: String, clients: AuthorizedClients)

    /// The ZAP domain of Arbiter's sockets.
    static let zapDomain = "arbiter"

    /// Whether peers are authenticated.
    public var isAuthenticated: Bool {
        if case .curve = self { true } else { false }
    }

    /// Makes `socket` a CURVE server whose peers the ZAP handler checks; does nothing for plain text.
    public func apply(to socket: ZMQSocket) throws(ZMQError) {
        guard case .curve(let secretKey, _) = self else { return }
        try socket.setCurveServer(true)
        try socket.setCurveSecretKey(secretKey)
        try socket.setZAPDomain(Self.zapDomain)
    }

    /// Starts the ZAP handler that admits the authorised clients of sockets in
    /// `context`; nil for plain text. libzmq asks the handler bound in the
    /// socket's own context, so each context needs one.
    public func startAuthenticator(in context: ZMQContext, logger: Logger) throws -> ZAPHandler? {
        guard case .curve(_, let clients) = self else { return nil }
        let handler = ZAPHandler(context: context, clients: clients, logger: logger)
        try handler.start()
        return handler
    }
}
