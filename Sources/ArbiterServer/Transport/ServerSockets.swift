import ZeroMQ

/// The one place the server's externally reachable sockets get their options, so that
/// transport security (CURVE) is added to each of them here.
enum ServerSockets {
    /// The alert stream's PUB socket, not yet bound.
    ///
    /// PUB never blocks: past `highWaterMark` queued messages it drops new ones for that
    /// subscriber, which catches up through `list_alerts`. Closing waits at most a second to
    /// deliver what is queued.
    static func makePublisher(context: ZMQContext, highWaterMark: Int32, security: SocketSecurity) throws(ZMQError) -> ZMQSocket {
        let socket = try ZMQSocket(context: context, type: .pub)
        try security.apply(to: socket)
        try socket.setSendHighWaterMark(Int(highWaterMark))
        try socket.setLinger(milliseconds: 1000)
        return socket
    }
}
