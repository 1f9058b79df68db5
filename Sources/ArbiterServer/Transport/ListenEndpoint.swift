/// The endpoint the ROUTER socket binds, and whether only this machine can reach it.
///
/// Plain-text ZeroMQ lets anyone who can connect record executions and read
/// every learned figure, so a server without authentication must not be
/// reachable from the network by accident: ``ArbiterService`` refuses to
/// start when ``isLocalOnly`` is false and neither CURVE nor `--insecure` is set.
public struct ListenEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let endpoint: String

    public init(_ endpoint: String) {
        self.endpoint = endpoint
    }

    public var description: String { endpoint }

    /// Whether only processes on this machine can connect: a TCP endpoint on a
    /// loopback address (`127.0.0.0/8`, `::1`, `localhost`, the `lo`
    /// interface), or an `ipc://` or `inproc://` endpoint. Wildcards (`*`,
    /// `0.0.0.0`, `::`), other addresses, interface names and other transports are not.
    public var isLocalOnly: Bool {
        if endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") { return true }
        guard endpoint.hasPrefix("tcp://") else { return false }
        let address = endpoint.dropFirst("tcp://".count)
        // A bind endpoint is HOST:PORT, with IPv6 hosts in brackets.
        guard let colon = address.lastIndex(of: ":") else { return false }
        var host = address[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        switch host {
        case "localhost", "lo", "::1", "0:0:0:0:0:0:0:1":
            return true
        default:
            let octets = host.split(separator: ".", omittingEmptySubsequences: false)
            return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        }
    }
}
