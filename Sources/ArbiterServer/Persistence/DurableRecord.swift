import ArbiterCore
import ArbiterWire

/// One state mutation as it is stored in the write-ahead log and in snapshots.
///
/// Each kind's payload is the wire contract's own protobuf encoding, so the
/// files need no second serialisation format and old files stay readable as
/// long as the proto evolves compatibly.
enum DurableRecord: Sendable {
    case execution(TaskExecution)
    /// A newly logged adjustment, or its new status: replaces the adjustment with its id.
    case adjustment(Adjustment)
    /// An alert raised (`arbiter.v1.Alert`).
    case alert(Alert)
    /// A condition's cool-down, written in snapshots beside the alert history (`arbiter.v1.AlertCondition`).
    case alertCondition(AlertCondition)

    /// An A/B test as created, stopped or graduated; a later record for its id replaces it.
    case abTest(AbTest)

    enum Kind: UInt8 {
        case execution = 1
        // Learning batch: 2-9.
        case adjustment = 2
        // A/B testing: 10-19.
        case abTest = 10
        // Alerts: 20-29.
        case alert = 20
        case alertCondition = 21
        /// Closes a snapshot; its payload is the record count, so a truncated snapshot is detected.
        case snapshotEnd = 0xFF
    }

    var kind: Kind {
        switch self {
        case .execution: .execution
        case .adjustment: .adjustment
        case .abTest: .abTest
        case .alert: .alert
        case .alertCondition: .alertCondition
        }
    }

    func encodedPayload() -> [UInt8] {
        switch self {
        case .execution(let execution): WireCodec.encode(execution)
        case .adjustment(let adjustment): WireCodec.encode(adjustment)
        case .abTest(let test): WireCodec.encode(test)
        case .alert(let alert): WireCodec.encode(alert)
        case .alertCondition(let condition): WireCodec.encode(condition)
        }
    }

    static func decode(kind: UInt8, payload: UnsafeRawBufferPointer) throws(RecordFormatError) -> DurableRecord {
        switch Kind(rawValue: kind) {
        case .execution:
            do {
                return .execution(try WireCodec.decodeExecution(payload))
            } catch {
                throw .undecodable("execution record: \(error.message)")
            }
        case .adjustment:
            do {
                return .adjustment(try WireCodec.decodeAdjustment(payload))
            } catch {
                throw .undecodable("adjustment record: \(error.message)")
            }
        case .abTest:
            do {
                return .abTest(try WireCodec.decodeAbTest(payload))
            } catch {
                throw .undecodable("A/B test record: \(error.message)")
            }
        case .alert:
            do {
                return .alert(try WireCodec.decodeAlert(payload))
            } catch {
                throw .undecodable("alert record: \(error.message)")
            }
        case .alertCondition:
            do {
                return .alertCondition(try WireCodec.decodeAlertCondition(payload))
            } catch {
                throw .undecodable("alert condition record: \(error.message)")
            }
        case .snapshotEnd, nil:
            throw .undecodable("unknown record kind \(kind)")
        }
    }
}
