import ArbiterCore
import ArbiterWire
import Foundation

/// Routes decoded requests to the actor that owns each kind of work.
struct RequestHandler: Sendable {
    let recorder: Recorder
    let statusSource: StatusSource

    func handle(_ request: WireRequest) async -> WireResponse {
        do {
            return WireResponse(requestID: request.requestID, result: .success(try await payload(for: request.method)))
        } catch {
            return WireResponse(requestID: request.requestID, result: .failure(error))
        }
    }

    private func payload(for method: WireRequest.Method) async throws(ArbiterError) -> WireResponse.Payload {
        switch method {
        case .recordExecution(let execution):
            .recordExecution(try await recorder.record(execution))
        case .recordExecutions(let executions):
            .recordExecutions(try await recorder.record(batch: executions))
        case .getPerformance(let query):
            .getPerformance(await recorder.performance(query))
        case .getStatus:
            .getStatus(await statusSource.status(recorder: recorder))
        }
    }
}

/// The fixed facts `get_status` reports beside the recorder's counts.
struct StatusSource: Sendable {
    static let version = "0.1.0"

    let started = ContinuousClock.now
    let directory: StateDirectory
    let fsync: FsyncPolicy

    func status(recorder: Recorder) async -> ServerStatus {
        let counts = await recorder.counts()
        var status = ServerStatus()
        status.version = Self.version
        let uptime = ContinuousClock.now - started
        status.uptimeSeconds = Double(uptime.components.seconds) + Double(uptime.components.attoseconds) / 1e18
        status.executionsStored = counts.executions
        status.models = counts.models
        status.taskTypes = counts.taskTypes
        status.stateDirectory = directory.path.string
        status.snapshotSequence = counts.snapshot.segment
        status.snapshotTimeMs = counts.snapshot.timeMs
        status.walBytes = ((try? directory.walSegments()) ?? []).reduce(0) { $0 + directory.size(of: directory.walSegment($1)) }
        status.fsyncMode = fsync.description
        return status
    }
}
