import ArbiterCore
import Foundation
public import SystemPackage

/// A state file that cannot be used as it is.
public struct RecoveryError: Error, Sendable, CustomStringConvertible {
    public var path: FilePath
    public var offset: Int
    public var reason: String

    public var description: String { "\(path.string) at byte \(offset): \(reason)" }
}

/// Why the server refuses to start on a state directory.
public struct StartupError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Rebuilds the in-memory state from the newest valid snapshot and the log after it.
struct StateRecovery {
    struct Result: Sendable {
        var state: LearningState
        var abTests = AbTestRegistry()
        var snapshotSegment: UInt64 = 0
        var snapshotTimeMs: Int64 = 0
        /// The segment to append to, and how many bytes of it are valid (nil: create it).
        var walSegment: UInt64 = 1
        var walValidLength: Int64?
        var recordsFromSnapshot: UInt64 = 0
        var recordsFromLog: UInt64 = 0
        /// Things repaired on the way (a torn final record, a skipped corrupt snapshot).
        var warnings: [String] = []
    }

    let directory: StateDirectory
    let makeState: @Sendable () -> LearningState

    func recover() throws(StartupError) -> Result {
        let snapshots: [UInt64]
        let segments: [UInt64]
        let unfinished: [UInt64]
        do {
            snapshots = try directory.snapshots()
            segments = try directory.walSegments()
            unfinished = try directory.temporarySnapshots()
        } catch {
            throw StartupError(description: "cannot list the state directory: \(error)")
        }
        var result = Result(state: makeState())
        // Later snapshots are of later segments, so nothing else would ever overwrite or remove these.
        for segment in unfinished {
            directory.remove(directory.temporarySnapshot(segment))
            result.warnings.append("removed \(directory.temporarySnapshot(segment).string), an unfinished snapshot a crash left behind")
        }
        var start: UInt64 = 1
        var loaded = false
        var damaged: [UInt64] = []
        for segment in snapshots.reversed() {
            var state = makeState()
            var abTests = AbTestRegistry()
            do {
                let header = try SnapshotFile.read(directory.snapshot(segment)) { $0.apply(to: &state, &abTests) }
                result.state = state
                result.abTests = abTests
                result.snapshotSegment = segment
                result.snapshotTimeMs = header.createdMs
                result.recordsFromSnapshot = header.records
                start = segment
                loaded = true
                break
            } catch {
                damaged.append(segment)
                result.warnings.append("snapshot unusable, trying an older copy: \(error)")
            }
        }
        if !loaded && !snapshots.isEmpty {
            guard segments.first == 1 else {
                throw StartupError(description: """
                    every snapshot in \(directory.path.string) is damaged (\(result.warnings.joined(separator: "; "))) \
                    and the write-ahead log no longer reaches back to the start, so acknowledged data cannot be rebuilt. \
                    Refusing to start: restore the directory from a backup, or move it away to start empty.
                    """)
            }
            result.warnings.append("no usable snapshot; rebuilding from the whole write-ahead log")
        }

        let replay = segments.filter { $0 >= start }
        if let first = replay.first, first != start {
            throw StartupError(description: "write-ahead log segment \(directory.walSegment(start).string) is missing; refusing to start")
        }
        for (position, segment) in replay.enumerated() where position > 0 && segment != replay[position - 1] + 1 {
            throw StartupError(description: "write-ahead log segment \(directory.walSegment(replay[position - 1] + 1).string) is missing; refusing to start")
        }
        result.walSegment = replay.last ?? start
        for segment in replay {
            let isLast = segment == replay.last
            let (validLength, records) = try replaySegment(segment, isLast: isLast, into: &result)
            result.recordsFromLog += records
            if isLast { result.walValidLength = validLength }
        }
        setAside(damaged, warnings: &result.warnings)
        return result
    }

    /// Renames damaged snapshots out of the snapshots' names, once the state is rebuilt without
    /// them (a refusal to start leaves the directory as it was).
    ///
    /// Under its name a damaged snapshot would count as one of the two the next snapshot keeps,
    /// and pruning would delete the log segments the older valid snapshot needs.
    private func setAside(_ damaged: [UInt64], warnings: inout [String]) {
        for segment in damaged {
            do {
                try directory.move(directory.snapshot(segment), to: directory.damagedSnapshot(segment))
                warnings.append("kept the damaged snapshot as \(directory.damagedSnapshot(segment).string)")
            } catch {
                warnings.append("could not set the damaged snapshot aside: \(error)")
            }
        }
    }

    private func replaySegment(
        _ segment: UInt64, isLast: Bool, into result: inout Result
    ) throws(StartupError) -> (Int64?, UInt64) {
        let path = directory.walSegment(segment)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path.string), options: .alwaysMapped)
        } catch {
            throw StartupError(description: "cannot read \(path.string): \(error.localizedDescription)")
        }
        var state = result.state
        var abTests = result.abTests
        var warnings: [String] = []
        let outcome: Swift.Result<(Int64?, UInt64), StartupError> = data.withUnsafeBytes { bytes in
            var header = WriteAheadLog.magic
            withUnsafeBytes(of: segment.littleEndian) { header.append(contentsOf: $0) }
            guard bytes.count >= WriteAheadLog.headerSize, Array(bytes[0..<WriteAheadLog.headerSize]) == header else {
                // A crash while a segment was being created leaves a short header and no records.
                if isLast && bytes.count < WriteAheadLog.headerSize {
                    warnings.append("\(path.string) has an incomplete header; recreating it")
                    return .success((nil, 0))
                }
                return .failure(StartupError(description: "\(path.string) is not an Arbiter write-ahead-log segment \(segment) (bad header); refusing to start"))
            }
            var offset = WriteAheadLog.headerSize
            var records: UInt64 = 0
            while offset < bytes.count {
                do {
                    let (kind, payload, next) = try RecordFraming.read(bytes, at: offset)
                    try DurableRecord.decode(kind: kind, payload: UnsafeRawBufferPointer(rebasing: bytes[payload])).apply(to: &state, &abTests)
                    records += 1
                    offset = next
                } catch {
                    guard isLast else {
                        return .failure(StartupError(description: """
                            \(path.string) is damaged at byte \(offset) (\(error)) and later segments exist, \
                            so this is not a torn final write; refusing to start rather than lose the records after it
                            """))
                    }
                    // A torn final write leaves nothing valid after it; a
                    // damaged record with good ones behind it is corruption,
                    // and truncating would drop acknowledged records.
                    if let valid = Self.firstValidRecord(in: bytes, after: offset) {
                        return .failure(StartupError(description: """
                            \(path.string) is damaged at byte \(offset) (\(error)) but holds a valid record at byte \(valid) \
                            after it, so this is not a torn final write; refusing to start rather than drop the records \
                            after the damage. Restore the segment from a backup, or truncate it to \(offset) bytes to \
                            start from the records before the damage
                            """))
                    }
                    warnings.append("\(path.string): dropped a torn final record at byte \(offset) (\(error)); \(bytes.count - offset) bytes truncated")
                    break
                }
            }
            return .success((Int64(offset), records))
        }
        let (length, records) = try outcome.get()
        result.state = state
        result.abTests = abTests
        result.warnings += warnings
        return (length, records)
    }

    /// The offset of the first record after `offset` whose checksum holds and
    /// which decodes, trying every byte position; nil when there is none.
    ///
    /// Most positions fail at once on an impossible length, and in a damaged
    /// log the next good record starts within one record of the damage, so
    /// the scan is short either way.
    static func firstValidRecord(in bytes: UnsafeRawBufferPointer, after offset: Int) -> Int? {
        let parts = framedParts(ofRecordAt: offset, in: bytes)
        var position = offset + 1
        while position + RecordFraming.headerSize < bytes.count {
            if !parts.contains(position), let (kind, payload, _) = try? RecordFraming.read(bytes, at: position),
               (try? DurableRecord.decode(kind: kind, payload: UnsafeRawBufferPointer(rebasing: bytes[payload]))) != nil {
                return position
            }
            position += 1
        }
        return nil
    }

    /// Where the parts of an `abTestChange` record at `offset` start, as far as they can be read.
    ///
    /// Each part is framed with its own checksum, so a graduation cut short after its first
    /// part holds a valid frame: that is the damaged record itself, not a record after it.
    private static func framedParts(ofRecordAt offset: Int, in bytes: UnsafeRawBufferPointer) -> [Int] {
        let first = offset + RecordFraming.headerSize + 1
        guard first <= bytes.count, bytes[first - 1] == DurableRecord.Kind.abTestChange.rawValue else { return [] }
        guard let (_, _, second) = try? RecordFraming.read(bytes, at: first) else { return [first] }
        return [first, second]
    }
}
