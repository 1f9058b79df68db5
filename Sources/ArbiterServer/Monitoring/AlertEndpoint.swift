/// Where the alert stream is published when `--alerts` is not given.
enum AlertEndpoint {
    /// `--alerts none`: no PUB socket; alerts are still raised and kept in the history.
    static let disabled = "none"

    /// The request endpoint's port + 1 on the same host for TCP (a wildcard port stays a
    /// wildcard), the request socket's path + `.alerts` for IPC. Other transports have no
    /// obvious neighbour, so `--alerts` must name one.
    static func derived(from listen: String) throws(StartupError) -> String {
        if listen.hasPrefix("ipc://") {
            return listen + ".alerts"
        }
        guard listen.hasPrefix("tcp://"), let colon = listen.lastIndex(of: ":"), colon > listen.index(listen.startIndex, offsetBy: 5) else {
            throw StartupError(description: "cannot derive the alert endpoint from \(listen) (only tcp:// and ipc:// can be); pass --alerts ENDPOINT or --alerts none")
        }
        let host = listen[..<colon]
        let port = listen[listen.index(after: colon)...]
        if port == "*" || port == "0" {
            return "\(host):\(port)"
        }
        guard let number = Int(port), number > 0, number < 65_535 else {
            throw StartupError(description: "cannot derive the alert endpoint from \(listen): port + 1 is not a port; pass --alerts ENDPOINT")
        }
        return "\(host):\(number + 1)"
    }
}
