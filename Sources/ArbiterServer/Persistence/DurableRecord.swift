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
    /// The report of a learning run that was not a dry run: replaces the latest report.
    case learningReport(LearningReport)

    /// An A/B test as created, stopped or graduated; a later record for its id replaces it.
    case abTest(AbTest)

    enum Kind: UInt8 {
        case execution = 1
        // Learning batch: 2-9.
        case adjustment = 2
        case learningReport = 3
        // A/B testing: 10-19.
        case abTest = 10
        /// Closes a snapshot; its payload is the record count, so a truncated snapshot is detected.
        case snapshotEnd = 0xFF
    }

    var kind: Kind {
        switch self {
        case .execution: .execution
        case .adjustment: .adjustment
        case .learningReport: .learningReport
        case .abTest: .abTest
        }
    }

    func encodedPayload() -> [UInt8] {
        switch self {
        case .execution(let execution): WireCodec.encode(execution)
        case .adjustment(let adjustment): WireCodec.encode(adjustment)
        case .learningReport(let report): WireCodec.encode(report)
        case .abTest(let test): WireCodec.encode(test)
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
        case .learningReport:
            do {
                return .learningReport(try WireCodec.decodeLearningReport(payload))
            } catch {
                throw .undecodable("learning report record: \(error.message)")
            }
        case .abTest:
            do {
                return .abTest(try WireCodec.decodeAbTest(payload))
            } catch {
                throw .undecodable("A/B test record: \(error.message)")
            }
        case .snapshotEnd, nil:
            throw .undecodable("unknown record kind \(kind)")
        }
    }
}
