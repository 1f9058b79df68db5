public import ArbiterCore
public import ArbiterWire
public import ZeroMQ

/// A connection to an Arbiter server: a DEALER socket that sends requests and
/// matches answers by request id.
///
/// Not `Sendable`: like its socket, a connection belongs to one thread. Every
/// call blocks the calling thread for at most ``timeout``.
public final class ArbiterConnection {
    /// Where `arbiterd` listens by default.
    public static let defaultEndpoint = "tcp://127.0.0.1:7470"

    /// The server's endpoint, such as `tcp://127.0.0.1:7470`.
    public let endpoint: String
    /// How long a call waits for the server, to queue the request and then to answer it.
    public var timeout: Duration
    /// The CURVE keys, when the server requires them.
    public let curve: CurveClientKeys?

    let context: ZMQContext
    private var socket: ZMQSocket
    private var lastRequestID: UInt64 = 0
    /// The receive timeout last set on the socket, to skip setting it again.
    private var receiveTimeoutMilliseconds = -1
    private var sendTimeoutMilliseconds = -1

    /// Connects to `endpoint`; libzmq completes the connection in the
    /// background, so a server that is down shows only when a call times out.
    ///
    /// - Parameters:
    ///   - endpoint: The server's ZeroMQ endpoint.
    ///   - timeout: How long each call may take.
    ///   - context: A context to share; the connection makes its own when `nil`.
    ///   - curve: This client's key pair and the server's public key, for a
    ///     server with CURVE; a refused key shows as a call that times out.
    public init(
        endpoint: String = ArbiterConnection.defaultEndpoint,
        timeout: Duration = .seconds(10),
        context: ZMQContext? = nil,
        curve: CurveClientKeys? = nil
    ) throws(ArbiterError) {
        self.endpoint = endpoint
        self.timeout = timeout
        self.curve = curve
        if let context {
            self.context = context
        } else {
            do {
                self.context = try ZMQContext()
            } catch {
                throw ArbiterError(.internal, "cannot create a ZeroMQ context: \(error.message)")
            }
        }
        self.socket = try Self.makeSocket(context: self.context, endpoint: endpoint, curve: curve)
    }

    /// Closes the socket; later calls fail with `UNAVAILABLE`.
    public func close() {
        socket.close()
    }

    // MARK: Calls

    /// Sends one request and waits for its answer.
    ///
    /// Answers to earlier requests (see ``send(_:)``) that arrive first are
    /// dropped. After a timeout the socket is replaced, so a late answer cannot
    /// be taken for the answer to a later call.
    ///
    /// - Returns: The server's answer.
    /// - Throws: The server's error, or `UNAVAILABLE` when the server could
    ///   not be reached or did not answer within ``timeout``.
    public func call(_ method: WireRequest.Method) throws(ArbiterError) -> WireResponse.Payload {
        let deadline = ContinuousClock.now + timeout
        let requestID = try send(method, until: deadline)
        while true {
            let response = try receive(until: deadline)
            // The server answers a request it cannot parse with id 0; ids start
            // at 1, so such an answer is for a request of ours.
            if response.requestID == requestID || (response.requestID == 0 && isFailure(response)) {
                return try response.result.get()
            }
        }
    }

    /// Records one execution.
    public func record(_ execution: TaskExecution) throws(ArbiterError) -> RecordOutcome {
        let payload = try call(.recordExecution(execution))
        guard case .recordExecution(let outcome) = payload else {
            throw unexpected(payload, for: "record_execution")
        }
        return outcome
    }

    /// Records a batch; the server accepts the good items and rejects the bad ones one by one.
    public func record(batch executions: [TaskExecution]) throws(ArbiterError) -> BatchOutcome {
        let payload = try call(.recordExecutions(executions))
        guard case .recordExecutions(let outcome) = payload else {
            throw unexpected(payload, for: "record_executions")
        }
        return outcome
    }

    /// The performance rows matching `query`.
    public func performance(_ query: PerformanceQuery = PerformanceQuery()) throws(ArbiterError) -> [PerformanceRow] {
        let payload = try call(.getPerformance(query))
        guard case .getPerformance(let rows) = payload else {
            throw unexpected(payload, for: "get_performance")
        }
        return rows
    }

    /// The server's status.
    public func status() throws(ArbiterError) -> ServerStatus {
        let payload = try call(.getStatus)
        guard case .getStatus(let status) = payload else {
            throw unexpected(payload, for: "get_status")
        }
        return status
    }

    /// The model catalog in force.
    public func models() throws(ArbiterError) -> CatalogSummary {
        let payload = try call(.listModels)
        guard case .listModels(let catalog) = payload else {
            throw unexpected(payload, for: "list_models")
        }
        return catalog
    }

    /// Loads the catalog file at `path` (empty: the current file again) and returns it; a bad
    /// file keeps the old catalog and throws.
    public func reloadCatalog(path: String = "") throws(ArbiterError) -> CatalogSummary {
        let payload = try call(.reloadCatalog(path: path))
        guard case .reloadCatalog(let catalog) = payload else {
            throw unexpected(payload, for: "reload_catalog")
        }
        return catalog
    }

    /// Estimates `task` on each of `candidates` (empty: every enabled model).
    ///
    /// Every estimate carries the result's `appliedAdjustments` (the wire has them once).
    public func estimate(_ task: TaskDescriptor, candidates: [String] = []) throws(ArbiterError) -> EstimationResult {
        let payload = try call(.estimateTask(task: task, candidates: candidates))
        guard case .estimateTask(let result) = payload else {
            throw unexpected(payload, for: "estimate_task")
        }
        return result
    }

    /// Ranks the candidate models for a task, best first.
    ///
    /// The ranked estimates' `appliedAdjustments` are empty: `rank_models` does not carry them.
    public func rank(_ request: RankingRequest) throws(ArbiterError) -> RankingResult {
        let payload = try call(.rankModels(request))
        guard case .rankModels(let result) = payload else {
            throw unexpected(payload, for: "rank_models")
        }
        return result
    }

    /// The current period's usage of `model`'s subscription (empty: of every subscription model).
    public func subscriptionUsage(model: String = "") throws(ArbiterError) -> [SubscriptionUsage] {
        let payload = try call(.getSubscriptionUsage(model: model))
        guard case .getSubscriptionUsage(let usage) = payload else {
            throw unexpected(payload, for: "get_subscription_usage")
        }
        return usage
    }

    /// One page of the alert history, oldest first; page on with `sinceID` = the last id returned.
    public func alerts(_ query: AlertQuery = AlertQuery()) throws(ArbiterError) -> AlertPage {
        let payload = try call(.listAlerts(query))
        guard case .listAlerts(let page) = payload else {
            throw unexpected(payload, for: "list_alerts")
        }
        return page
    }

    // MARK: Pipelining

    /// Sends a request without waiting for its answer, for pipelining; pair
    /// each send with a ``receive()``.
    ///
    /// - Returns: The request id, which the answer echoes.
    public func send(_ method: WireRequest.Method) throws(ArbiterError) -> UInt64 {
        try send(method, until: ContinuousClock.now + timeout)
    }

    /// Waits for the next answer, to any request; a failed call is a
    /// `.failure` result, not a thrown error.
    ///
    /// - Throws: `UNAVAILABLE` when nothing arrives within ``timeout``.
    public func receive() throws(ArbiterError) -> WireResponse {
        try receive(until: ContinuousClock.now + timeout)
    }

    // MARK: Transport

    private func send(_ method: WireRequest.Method, until deadline: ContinuousClock.Instant) throws(ArbiterError) -> UInt64 {
        lastRequestID = lastRequestID == .max ? 1 : lastRequestID + 1
        let requestID = lastRequestID
        let bytes = WireCodec.encode(WireRequest(requestID: requestID, method: method))
        var dontWait = true
        while true {
            do {
                try socket.send(bytes, dontWait: dontWait)
                return requestID
            } catch .wouldBlock {
                // Not connected yet (the socket queues only for live connections) or the queue is full.
                guard let wait = milliseconds(until: deadline) else {
                    reconnect()
                    throw ArbiterError(.unavailable, "cannot reach the server at \(endpoint) within \(timeout)")
                }
                try setSendTimeout(wait)
                dontWait = false
            } catch {
                throw transportFailure(error)
            }
        }
    }

    private func receive(until deadline: ContinuousClock.Instant) throws(ArbiterError) -> WireResponse {
        while true {
            // The timeout is armed first, which costs nothing when it is unchanged (as it is call
            // after call, to the millisecond): trying without waiting first cost a failed receive
            // and a thrown error for every answer not there yet, that is every sequential call.
            // Past the deadline, an answer already queued is still taken.
            let wait = milliseconds(until: deadline)
            if let wait { try setReceiveTimeout(wait) }
            do {
                return try socket.withReceivedFrames(dontWait: wait == nil, maxFrames: 2) { frames throws(ArbiterError) in
                    try Self.decode(frames)
                }
            } catch let error as ZMQError {
                guard case .wouldBlock = error else {
                    throw transportFailure(error)
                }
                if wait == nil {
                    reconnect()
                    throw ArbiterError(.unavailable, "no answer from the server at \(endpoint) within \(timeout)")
                }
            } catch let error as ArbiterError {
                throw error
            } catch {
                throw ArbiterError(.internal, "\(error)")
            }
        }
    }

    private static func decode(_ frames: ZMQReceivedFrames) throws(ArbiterError) -> WireResponse {
        // One frame to a DEALER; tolerate the empty delimiter a REQ-shaped reply would carry.
        let payload: UnsafeRawBufferPointer
        switch frames.count {
        case 1 where !frames.isTruncated:
            payload = frames[0]
        case 2 where !frames.isTruncated && frames[0].isEmpty:
            payload = frames[1]
        default:
            throw ArbiterError(.internal, "the server answered with \(frames.count + frames.discardedFrameCount) frames instead of one")
        }
        do {
            return try WireCodec.decodeResponse(payload)
        } catch {
            throw ArbiterError(.internal, "cannot decode the server's answer: \(error.message)")
        }
    }

    private static func makeSocket(context: ZMQContext, endpoint: String, curve: CurveClientKeys?) throws(ArbiterError) -> ZMQSocket {
        let socket: ZMQSocket
        do {
            socket = try ZMQSocket(context: context, type: .dealer)
            // Queue requests only for a live connection, so that an absent
            // server shows as "cannot reach" instead of a request that sits in
            // a queue and arrives long after the caller gave up.
            try socket.setImmediate(true)
            // Closing must not wait long for requests nobody will answer.
            try socket.setLinger(milliseconds: 100)
            try socket.setReconnectInterval(milliseconds: 100)
            try curve?.apply(to: socket)
        } catch {
            throw ArbiterError(.unavailable, "cannot open a ZeroMQ socket: \(error)")
        }
        do {
            try socket.connect(endpoint)
        } catch {
            throw ArbiterError(.invalidArgument, "cannot connect to \(endpoint): \(error.message)", field: "endpoint")
        }
        return socket
    }

    /// Replaces the socket, dropping queued requests and late answers.
    private func reconnect() {
        try? socket.setLinger(milliseconds: 0)
        socket.close()
        receiveTimeoutMilliseconds = -1
        sendTimeoutMilliseconds = -1
        // Failing here leaves the closed socket, and the next call reports UNAVAILABLE.
        if let fresh = try? Self.makeSocket(context: context, endpoint: endpoint, curve: curve) {
            socket = fresh
        }
    }

    private func setReceiveTimeout(_ milliseconds: Int) throws(ArbiterError) {
        guard milliseconds != receiveTimeoutMilliseconds else { return }
        do {
            try socket.setReceiveTimeout(milliseconds: milliseconds)
            receiveTimeoutMilliseconds = milliseconds
        } catch {
            throw transportFailure(error)
        }
    }

    private func setSendTimeout(_ milliseconds: Int) throws(ArbiterError) {
        guard milliseconds != sendTimeoutMilliseconds else { return }
        do {
            try socket.setSendTimeout(milliseconds: milliseconds)
            sendTimeoutMilliseconds = milliseconds
        } catch {
            throw transportFailure(error)
        }
    }

    private func transportFailure(_ error: ZMQError) -> ArbiterError {
        if socket.isClosed {
            return ArbiterError(.unavailable, "the connection to \(endpoint) is closed")
        }
        return ArbiterError(.unavailable, "talking to \(endpoint) failed: \(error)")
    }

    /// Whole milliseconds left until `deadline`, rounded up; `nil` once it has passed.
    private func milliseconds(until deadline: ContinuousClock.Instant) -> Int? {
        let left = ContinuousClock.now.duration(to: deadline)
        guard left > .zero else {
            return nil
        }
        let (seconds, attoseconds) = left.components
        return Int(seconds) * 1000 + Int((attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000)
    }

    private func isFailure(_ response: WireResponse) -> Bool {
        if case .failure = response.result { true } else { false }
    }

    func unexpected(_ payload: WireResponse.Payload, for method: String) -> ArbiterError {
        let answer =
            switch payload {
            case .recordExecution: "record_execution"
            case .recordExecutions: "record_executions"
            case .getPerformance: "get_performance"
            case .getStatus: "get_status"
            case .listModels: "list_models"
            case .reloadCatalog: "reload_catalog"
            case .estimateTask: "estimate_task"
            case .rankModels: "rank_models"
            case .getSubscriptionUsage: "get_subscription_usage"
            case .runLearning: "run_learning"
            case .listAdjustments: "list_adjustments"
            case .applyAdjustment: "apply_adjustment"
            case .rejectAdjustment: "reject_adjustment"
            case .getParameters: "get_parameters"
            case .getReport: "get_report"
            case .createAbTest: "create_ab_test"
            case .getAbTest: "get_ab_test"
            case .listAbTests: "list_ab_tests"
            case .stopAbTest: "stop_ab_test"
            case .assignVariant: "assign_variant"
            case .analyzeAbTest: "analyze_ab_test"
            case .graduateAbTest: "graduate_ab_test"
            case .abStatistics: "ab_statistics"
            case .listAlerts: "list_alerts"
            }
        return ArbiterError(.internal, "the server answered \(method) with a \(answer) response")
    }
}
