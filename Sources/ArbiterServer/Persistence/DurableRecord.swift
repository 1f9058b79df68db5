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
    /// The report of a learning run that was not a dry run: replaces the latest report.
    case learningReport(LearningReport)

    /// An A/B test as created, stopped or graduated; a later record for its id replaces it.
    case abTest(AbTest)
    /// An A/B test's new state and the adjustment that logs it (a graduation, or its revert by
    /// rejecting that adjustment), in one record so recovery applies both or neither: a crash
    /// between two records would leave a graduation without its adjustment. The payload is the
    /// two records framed as `abTest` then `adjustment`, each with its own checksum.
    case abTestChange(AbTest, Adjustment)

    enum Kind: UInt8 {
        case execution = 1
        // Learning batch: 2-9.
        case adjustment = 2
        case learningReport = 3
        // A/B testing: 10-19.
        case abTest = 10
        case abTestChange = 11
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
        case .learningReport: .learningReport
        case .abTest: .abTest
        case .alert: .alert
        case .alertCondition: .alertCondition
        case .abTestChange: .abTestChange
        }
    }

    /// The adjustment the record logs, if any.
    var adjustment: Adjustment? {
        switch self {
        case .adjustment(let adjustment), .abTestChange(_, let adjustment): adjustment
        case .execution, .learningReport, .abTest, .alert, .alertCondition: nil
        }
    }

    /// Applies the record to the state, as recovery replays it and as the recorder commits it.
    func apply(to state: inout LearningState, _ abTests: inout AbTestRegistry) {
        switch self {
        case .execution(let execution):
            // The log after a snapshot starts where the snapshot ends (rotation and snapshot are
            // one step), so nothing is applied twice; `apply` skips known execution ids anyway,
            // which keeps a replay idempotent should that ever change.
            _ = state.apply(execution)
        case .adjustment(let adjustment):
            state.record(adjustment)
        case .learningReport(let report):
            state.record(latest: report)
        case .abTest(let test):
            // The latest record of a test is its state; replaying an older one again is harmless.
            abTests.upsert(test)
        case .alert(let alert):
            state.apply(alert)
        case .alertCondition(let condition):
            state.apply(condition)
        case .abTestChange(let test, let adjustment):
            abTests.upsert(test)
            state.record(adjustment)
        }
    }

    /// Appends the record framed, as the write-ahead log and snapshots hold it; nothing when it throws.
    ///
    /// A record's size follows what clients send (a learning report has adjustments for every
    /// label), so it is checked here, where both writers frame, against the length readers accept.
    func frame(into buffer: inout [UInt8]) throws(RecordFormatError) {
        let payload = encodedPayload()
        guard payload.count < RecordFraming.maxRecordSize else { throw .tooLarge(bytes: payload.count + 1) }
        RecordFraming.append(kind: kind.rawValue, payload: payload, to: &buffer)
    }

    func encodedPayload() -> [UInt8] {
        switch self {
        case .execution(let execution): WireCodec.encode(execution)
        case .adjustment(let adjustment): WireCodec.encode(adjustment)
        case .learningReport(let report): WireCodec.encode(report)
        case .abTest(let test): WireCodec.encode(test)
        case .alert(let alert): WireCodec.encode(alert)
        case .alertCondition(let condition): WireCodec.encode(condition)
        case .abTestChange(let test, let adjustment):
            {
                var frames: [UInt8] = []
                RecordFraming.append(kind: Kind.abTest.rawValue, payload: WireCodec.encode(test), to: &frames)
                RecordFraming.append(kind: Kind.adjustment.rawValue, payload: WireCodec.encode(adjustment), to: &frames)
                return frames
            }()
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
        case .abTestChange:
            do throws(RecordFormatError) {
                let (testKind, testPayload, next) = try RecordFraming.read(payload, at: 0)
                let (adjustmentKind, adjustmentPayload, end) = try RecordFraming.read(payload, at: next)
                guard end == payload.count else { throw .undecodable("A/B test change record: \(payload.count - end) bytes after its two parts") }
                guard case .abTest(let test) = try decode(kind: testKind, payload: UnsafeRawBufferPointer(rebasing: payload[testPayload])),
                    case .adjustment(let adjustment) = try decode(kind: adjustmentKind, payload: UnsafeRawBufferPointer(rebasing: payload[adjustmentPayload]))
                else {
                    throw .undecodable("A/B test change record: parts of kinds \(testKind) and \(adjustmentKind), not \(Kind.abTest.rawValue) and \(Kind.adjustment.rawValue)")
                }
                return .abTestChange(test, adjustment)
            } catch {
                throw error == .truncated ? .undecodable("A/B test change record: a part is cut short") : error
            }
        case .snapshotEnd, nil:
            throw .undecodable("unknown record kind \(kind)")
        }
    }
}
