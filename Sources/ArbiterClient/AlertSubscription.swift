public import ArbiterCore
import ArbiterWire
import ZeroMQ

/// A subscriber to a server's alert stream: each alert once, in id order.
///
/// With a `sinceID`, the history after it comes first (from `list_alerts`), then the
/// live stream from the server's PUB socket. PUB drops messages for slow or absent
/// subscribers, so when an alert arrives past a gap in the ids, the missing ones are
/// fetched from the history before it. Not `Sendable`: it belongs to one thread, like
/// its socket and its connection.
public final class AlertSubscription {
    /// The PUB endpoint subscribed to.
    public let endpoint: String
    public let kinds: Set<AlertKind>
    /// The newest id handed out (or the `sinceID` given); nil before the first live alert.
    public private(set) var lastID: UInt64?
    /// Alerts that came from the history, and from the stream.
    public private(set) var caughtUp = 0
    public private(set) var live = 0
    /// Alert ids (of any kind) this subscriber can no longer get: dropped by PUB, and gone from
    /// the bounded history (`--alert-history`) before it caught up.
    public private(set) var lost: UInt64 = 0

    private let connection: ArbiterConnection
    private let socket: ZMQSocket
    private var ready: [Alert] = []
    private var receiveTimeoutMilliseconds = -2

    /// Subscribes to `kinds` (empty: every kind) on `endpoint`, by default the one `get_status` reports.
    public init(
        connection: ArbiterConnection, kinds: Set<AlertKind> = [], sinceID: UInt64? = nil, endpoint: String? = nil
    ) throws(ArbiterError) {
        self.connection = connection
        self.kinds = kinds
        if let endpoint {
            self.endpoint = endpoint
        } else {
            let bound = try connection.status().alertsEndpoint
            guard !bound.isEmpty else {
                throw ArbiterError(.failedPrecondition, "the server at \(connection.endpoint) publishes no alert stream (started with --alerts none)")
            }
            self.endpoint = Self.reachable(bound, requestEndpoint: connection.endpoint)
        }
        do {
            socket = try ZMQSocket(context: connection.context, type: .sub)
            try socket.setLinger(milliseconds: 0)
            try socket.setReceiveHighWaterMark(100_000)
            // The PUB socket has the same CURVE keys as the request socket.
            try connection.curve?.apply(to: socket)
            if kinds.isEmpty {
                try socket.subscribe("alert.")
            } else {
                for kind in kinds { try socket.subscribe("alert.\(kind.name).") }
            }
            try socket.connect(self.endpoint)
        } catch {
            throw ArbiterError(.unavailable, "cannot subscribe to \(self.endpoint): \(error)")
        }
        if let sinceID {
            lastID = sinceID
            try fillFromHistory()
        }
    }

    /// The next alert, or nil when none arrives within `timeout` (nil: wait forever).
    public func next(timeout: Duration? = nil) throws(ArbiterError) -> Alert? {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            if !ready.isEmpty { return ready.removeFirst() }
            var wait = -1
            if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                guard left > .zero else { return nil }
                wait = Int(left.components.seconds) * 1000 + Int(left.components.attoseconds / 1_000_000_000_000_000) + 1
            }
            let message: ZMQMultipartMessage
            do {
                if wait != receiveTimeoutMilliseconds {
                    try socket.setReceiveTimeout(milliseconds: wait)
                    receiveTimeoutMilliseconds = wait
                }
                message = try socket.receiveMultipart(maxFrames: 2)
            } catch .wouldBlock {
                return nil
            } catch {
                throw ArbiterError(.unavailable, "receiving from \(endpoint) failed: \(error)")
            }
            guard message.frames.count == 2, message.discardedFrameCount == 0,
                  let alert = try? WireCodec.decodeAlert(message.frames[1]) else { continue }
            if let lastID, alert.id <= lastID { continue }
            if let lastID, alert.id > lastID + 1 {
                // Dropped in between: the history has them, this one included.
                try fillFromHistory()
                continue
            }
            lastID = alert.id
            live += 1
            return alert
        }
    }

    public func close() {
        socket.close()
    }

    private func fillFromHistory() throws(ArbiterError) {
        var query = AlertQuery(kinds: kinds, sinceID: lastID ?? 0, limit: AlertQuery.maximumLimit)
        let start = query.sinceID
        while true {
            let page = try connection.alerts(query)
            if query.sinceID == start {
                let firstKept = page.oldestID != 0 ? page.oldestID : page.newestID + 1
                if firstKept > start + 1 { lost += firstKept - start - 1 }
            }
            ready += page.alerts
            caughtUp += page.alerts.count
            if let last = page.alerts.last { query.sinceID = last.id }
            guard page.more, !page.alerts.isEmpty else { break }
        }
        lastID = query.sinceID
    }

    /// The endpoint as bound, with a wildcard host (`0.0.0.0`, `*`, `[::]`) replaced by the
    /// request endpoint's host, so a client can connect to it.
    public static func reachable(_ bound: String, requestEndpoint: String) -> String {
        guard bound.hasPrefix("tcp://"), let colon = bound.lastIndex(of: ":") else { return bound }
        let host = bound[bound.index(bound.startIndex, offsetBy: 6)..<colon]
        guard ["0.0.0.0", "*", "[::]"].contains(host), requestEndpoint.hasPrefix("tcp://"),
              let requestColon = requestEndpoint.lastIndex(of: ":") else { return bound }
        let requestHost = requestEndpoint[requestEndpoint.index(requestEndpoint.startIndex, offsetBy: 6)..<requestColon]
        return "tcp://\(requestHost)\(bound[colon...])"
    }
}
