import ArbiterCore
import CArbiterProto

/// `ServerStatus` ⇔ `arbiter.v1.GetStatusResponse`.
extension WireCodec {
    static func makeStatus(
        _ status: ServerStatus,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__GetStatusResponse> {
        let message = arena.make(arbiter__v1__get_status_response__init)
        arena.set(&message.pointee.version, to: status.version)
        message.pointee.uptime_seconds = status.uptimeSeconds
        message.pointee.executions_stored = UInt64(clamping: status.executionsStored)
        message.pointee.models = UInt32(clamping: status.models)
        message.pointee.task_types = UInt32(clamping: status.taskTypes)
        arena.set(&message.pointee.state_dir, to: status.stateDirectory)
        message.pointee.snapshot_sequence = status.snapshotSequence
        message.pointee.snapshot_time_ms = status.snapshotTimeMs
        message.pointee.wal_bytes = status.walBytes
        arena.set(&message.pointee.fsync_mode, to: status.fsyncMode)
        arena.set(&message.pointee.alerts_endpoint, to: status.alertsEndpoint)
        message.pointee.alerts_stored = UInt64(clamping: status.alertsStored)
        message.pointee.newest_alert_id = status.newestAlertID
        return message
    }

    static func status(from message: UnsafeMutablePointer<Arbiter__V1__GetStatusResponse>?) throws(ArbiterError) -> ServerStatus {
        var status = ServerStatus()
        guard let message else { return status }
        let m = message.pointee
        status.version = try string(m.version, field: "version")
        status.uptimeSeconds = m.uptime_seconds
        status.executionsStored = int(m.executions_stored)
        status.models = int(m.models)
        status.taskTypes = int(m.task_types)
        status.stateDirectory = try string(m.state_dir, field: "state_dir")
        status.snapshotSequence = m.snapshot_sequence
        status.snapshotTimeMs = m.snapshot_time_ms
        status.walBytes = m.wal_bytes
        status.fsyncMode = try string(m.fsync_mode, field: "fsync_mode")
        status.alertsEndpoint = try string(m.alerts_endpoint, field: "alerts_endpoint")
        status.alertsStored = int(m.alerts_stored)
        status.newestAlertID = m.newest_alert_id
        return status
    }
}
