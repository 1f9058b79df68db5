import ZeroMQ

/// Binds `server` to a free loopback TCP port and returns the resolved endpoint.
func bindToFreePort(_ server: ZMQSocket) throws -> String {
    try server.bind("tcp://127.0.0.1:*")
    return try server.lastEndpoint
}

/// A socket with a bounded linger, so a failing test never hangs in context termination.
func makeSocket(_ context: ZMQContext, _ type: ZMQSocketType) throws -> ZMQSocket {
    let socket = try ZMQSocket(context: context, type: type)
    try socket.setLinger(milliseconds: 0)
    // A test that waits too long fails instead of hanging.
    try socket.setReceiveTimeout(milliseconds: 5000)
    try socket.setSendTimeout(milliseconds: 5000)
    return socket
}

extension Array where Element == UInt8 {
    init(_ string: String) {
        self = Array(string.utf8)
    }
}
