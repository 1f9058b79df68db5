import CZeroMQ

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

// Typed setters and getters for the socket options Arbiter uses. Durations are
// milliseconds because libzmq counts in them and -1 ("forever") has no
// natural `Duration`.
extension ZMQSocket {
    // MARK: Delivery

    /// How long ``close()`` (and then context termination) keeps trying to
    /// deliver unsent messages: 0 drops them, -1 waits forever (libzmq's default).
    public func setLinger(milliseconds: Int) throws(ZMQError) {
        try setOption(ZMQ_LINGER, Int32(clamping: milliseconds), "ZMQ_LINGER")
    }

    /// The most messages queued for sending per peer (default 1000; 0 is no limit).
    public func setSendHighWaterMark(_ messages: Int) throws(ZMQError) {
        try setOption(ZMQ_SNDHWM, Int32(clamping: messages), "ZMQ_SNDHWM")
    }

    /// The most messages queued for receiving per peer (default 1000; 0 is no limit).
    public func setReceiveHighWaterMark(_ messages: Int) throws(ZMQError) {
        try setOption(ZMQ_RCVHWM, Int32(clamping: messages), "ZMQ_RCVHWM")
    }

    /// Whether a ROUTER fails a send to an unknown routing id with
    /// `EHOSTUNREACH`, and a send to a full peer with `EAGAIN`, instead of
    /// dropping the message silently.
    public func setRouterMandatory(_ enabled: Bool) throws(ZMQError) {
        try setOption(ZMQ_ROUTER_MANDATORY, enabled ? 1 : 0, "ZMQ_ROUTER_MANDATORY")
    }

    /// The largest inbound message, in bytes, summed over its frames; a peer
    /// sending more is disconnected. -1 is no limit (the default).
    public func setMaxMessageSize(_ bytes: Int64) throws(ZMQError) {
        var value = bytes
        try setOption(ZMQ_MAXMSGSIZE, &value, MemoryLayout<Int64>.size, "ZMQ_MAXMSGSIZE")
    }

    /// How long a blocking receive waits before throwing
    /// ``ZMQError/wouldBlock(call:)``; -1 waits forever (the default).
    public func setReceiveTimeout(milliseconds: Int) throws(ZMQError) {
        try setOption(ZMQ_RCVTIMEO, Int32(clamping: milliseconds), "ZMQ_RCVTIMEO")
    }

    /// How long a blocking send waits before throwing
    /// ``ZMQError/wouldBlock(call:)``; -1 waits forever (the default).
    public func setSendTimeout(milliseconds: Int) throws(ZMQError) {
        try setOption(ZMQ_SNDTIMEO, Int32(clamping: milliseconds), "ZMQ_SNDTIMEO")
    }

    /// Whether messages queue only for completed connections, so that a send
    /// blocks (or fails with `dontWait`) while no peer is connected.
    public func setImmediate(_ enabled: Bool) throws(ZMQError) {
        try setOption(ZMQ_IMMEDIATE, enabled ? 1 : 0, "ZMQ_IMMEDIATE")
    }

    // MARK: Identity and subscriptions

    /// The routing id (formerly identity) a ROUTER peer sees for this socket:
    /// 1 to 255 bytes, not starting with a zero byte. Set it before connecting.
    public func setRoutingID(_ id: some Collection<UInt8>) throws(ZMQError) {
        var bytes = Array(id)
        try setOption(ZMQ_ROUTING_ID, &bytes, bytes.count, "ZMQ_ROUTING_ID")
    }

    /// The routing id set by ``setRoutingID(_:)``; empty when none was set.
    public var routingID: [UInt8] {
        get throws(ZMQError) {
            var buffer = [UInt8](repeating: 0, count: 256)
            var size = buffer.count
            try getOption(ZMQ_ROUTING_ID, &buffer, &size, "ZMQ_ROUTING_ID")
            return Array(buffer.prefix(size))
        }
    }

    /// Makes a SUB socket receive messages whose first frame starts with
    /// `prefix`; an empty prefix receives everything.
    public func subscribe(_ prefix: some Collection<UInt8> = [UInt8]()) throws(ZMQError) {
        var bytes = Array(prefix)
        try setOption(ZMQ_SUBSCRIBE, &bytes, bytes.count, "ZMQ_SUBSCRIBE")
    }

    /// Subscribes to messages whose first frame starts with the UTF-8 of `topic`.
    public func subscribe(_ topic: String) throws(ZMQError) {
        try subscribe(Array(topic.utf8))
    }

    /// Removes one subscription made with the same prefix.
    public func unsubscribe(_ prefix: some Collection<UInt8> = [UInt8]()) throws(ZMQError) {
        var bytes = Array(prefix)
        try setOption(ZMQ_UNSUBSCRIBE, &bytes, bytes.count, "ZMQ_UNSUBSCRIBE")
    }

    /// Removes the subscription to `topic`.
    public func unsubscribe(_ topic: String) throws(ZMQError) {
        try unsubscribe(Array(topic.utf8))
    }

    // MARK: Transport

    /// TCP keepalive for the socket's connections; `nil` values keep the operating system's defaults.
    ///
    /// - Parameters:
    ///   - enabled: Turn keepalive on or off; `nil` leaves the system default.
    ///   - idleSeconds: Idle time before the first probe.
    ///   - intervalSeconds: Time between probes.
    ///   - probes: Unanswered probes before the connection is dropped.
    public func setTCPKeepalive(
        _ enabled: Bool?,
        idleSeconds: Int? = nil,
        intervalSeconds: Int? = nil,
        probes: Int? = nil
    ) throws(ZMQError) {
        try setOption(ZMQ_TCP_KEEPALIVE, enabled.map { $0 ? 1 : 0 } ?? -1, "ZMQ_TCP_KEEPALIVE")
        try setOption(ZMQ_TCP_KEEPALIVE_IDLE, Int32(clamping: idleSeconds ?? -1), "ZMQ_TCP_KEEPALIVE_IDLE")
        try setOption(ZMQ_TCP_KEEPALIVE_INTVL, Int32(clamping: intervalSeconds ?? -1), "ZMQ_TCP_KEEPALIVE_INTVL")
        try setOption(ZMQ_TCP_KEEPALIVE_CNT, Int32(clamping: probes ?? -1), "ZMQ_TCP_KEEPALIVE_CNT")
    }

    /// Whether TCP endpoints may use IPv6 as well as IPv4.
    public func setIPv6(_ enabled: Bool) throws(ZMQError) {
        try setOption(ZMQ_IPV6, enabled ? 1 : 0, "ZMQ_IPV6")
    }

    /// The first wait before reconnecting a dropped or refused connection (default 100 ms; -1 never reconnects).
    public func setReconnectInterval(milliseconds: Int) throws(ZMQError) {
        try setOption(ZMQ_RECONNECT_IVL, Int32(clamping: milliseconds), "ZMQ_RECONNECT_IVL")
    }

    /// How long a new connection may take to finish its handshake, such as
    /// CURVE's, before it is dropped (default 30 s; 0 is no limit).
    public func setHandshakeInterval(milliseconds: Int) throws(ZMQError) {
        try setOption(ZMQ_HANDSHAKE_IVL, Int32(clamping: milliseconds), "ZMQ_HANDSHAKE_IVL")
    }

    // MARK: Security

    /// Makes the socket a CURVE server; it then needs ``setCurveSecretKey(_:)``.
    public func setCurveServer(_ enabled: Bool) throws(ZMQError) {
        try setOption(ZMQ_CURVE_SERVER, enabled ? 1 : 0, "ZMQ_CURVE_SERVER")
    }

    /// This socket's long-term CURVE public key, as 40 Z85 characters (a CURVE client's own key).
    public func setCurvePublicKey(_ z85: String) throws(ZMQError) {
        try setCurveKey(ZMQ_CURVE_PUBLICKEY, z85, "ZMQ_CURVE_PUBLICKEY")
    }

    /// This socket's long-term CURVE secret key, as 40 Z85 characters.
    public func setCurveSecretKey(_ z85: String) throws(ZMQError) {
        try setCurveKey(ZMQ_CURVE_SECRETKEY, z85, "ZMQ_CURVE_SECRETKEY")
    }

    /// The server's CURVE public key, as 40 Z85 characters; makes the socket a CURVE client.
    public func setCurveServerKey(_ z85: String) throws(ZMQError) {
        try setCurveKey(ZMQ_CURVE_SERVERKEY, z85, "ZMQ_CURVE_SERVERKEY")
    }

    /// The ZAP domain authentication requests for this socket carry.
    public func setZAPDomain(_ domain: String) throws(ZMQError) {
        var bytes = Array(domain.utf8)
        try setOption(ZMQ_ZAP_DOMAIN, &bytes, bytes.count, "ZMQ_ZAP_DOMAIN")
    }

    // MARK: State

    /// The endpoint most recently bound or connected, with a wildcard port
    /// resolved (`tcp://127.0.0.1:43127`); empty when there is none.
    public var lastEndpoint: String {
        get throws(ZMQError) {
            var buffer = [UInt8](repeating: 0, count: 1024)
            var size = buffer.count
            try getOption(ZMQ_LAST_ENDPOINT, &buffer, &size, "ZMQ_LAST_ENDPOINT")
            // The size counts the terminating NUL.
            return String(decoding: buffer.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
    }

    /// Whether a message can be received (``ZMQEvents/pollIn``) or sent
    /// (``ZMQEvents/pollOut``) now without blocking.
    public var events: ZMQEvents {
        get throws(ZMQError) {
            ZMQEvents(rawValue: Int16(truncatingIfNeeded: try intOption(ZMQ_EVENTS, "ZMQ_EVENTS")))
        }
    }

    /// Whether the frame just received is followed by more frames of the same message.
    public var receiveMore: Bool {
        get throws(ZMQError) {
            try intOption(ZMQ_RCVMORE, "ZMQ_RCVMORE") != 0
        }
    }

    /// A file descriptor that becomes readable when ``events`` may have
    /// changed, for use in another event loop. It signals edges: check
    /// ``events`` and drain the socket after each wake-up.
    public var fileDescriptor: Int32 {
        get throws(ZMQError) {
            try intOption(ZMQ_FD, "ZMQ_FD")
        }
    }

    // MARK: Plumbing

    private func setCurveKey(_ option: Int32, _ z85: String, _ name: StaticString) throws(ZMQError) {
        var bytes = Array(z85.utf8)
        // libzmq reads 32 bytes as a binary key, so a wrong-length text key
        // could pass as one; accept only the 40-character text form.
        guard bytes.count == 40 else {
            throw .failed(call: "zmq_setsockopt(\(name))", errno: EINVAL)
        }
        try setOption(option, &bytes, bytes.count, name)
    }

    private func setOption(_ option: Int32, _ value: Int32, _ name: StaticString) throws(ZMQError) {
        var value = value
        try setOption(option, &value, MemoryLayout<Int32>.size, name)
    }

    private func setOption(
        _ option: Int32,
        _ value: UnsafeRawPointer,
        _ size: Int,
        _ name: StaticString
    ) throws(ZMQError) {
        let socket = try openHandle("zmq_setsockopt(\(name))")
        try zmqCall("zmq_setsockopt(\(name))") { zmq_setsockopt(socket, option, value, size) }
    }

    private func intOption(_ option: Int32, _ name: StaticString) throws(ZMQError) -> Int32 {
        var value: Int32 = 0
        var size = MemoryLayout<Int32>.size
        try getOption(option, &value, &size, name)
        return value
    }

    private func getOption(
        _ option: Int32,
        _ value: UnsafeMutableRawPointer,
        _ size: UnsafeMutablePointer<Int>,
        _ name: StaticString
    ) throws(ZMQError) {
        let socket = try openHandle("zmq_getsockopt(\(name))")
        try zmqCall("zmq_getsockopt(\(name))") { zmq_getsockopt(socket, option, value, size) }
    }
}
