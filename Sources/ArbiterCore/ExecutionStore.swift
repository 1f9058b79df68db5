/// Every accepted execution in arrival order, stored column by column.
///
/// A million `TaskExecution` structs would cost well over a kilobyte each in `String` and
/// padding; columns of plain numbers, interned labels and shared text buffers keep an
/// execution near 250 bytes, and let batch learning scan a single field without
/// reconstructing structs. The idempotency index holds only row numbers and compares
/// execution ids against the text buffers, so no second copy of an id exists.
///
/// Storage is chunked so that a value copy stays cheap while the original keeps growing:
/// the recorder copies its state to write a snapshot in the background and goes on
/// appending. Each column is a `ChunkedColumn` of 16,384-row chunks and the text sits in
/// chunks of about 1 MiB; full chunks are never written again, so the copy and the
/// original share them, and the first append after a copy duplicates only the last chunk
/// of each column and of the text (at most 3.5 MB in all) and the lists of chunk
/// references. The index is split into 64 tables by hash, so no insert after a copy
/// duplicates more than one of them (1/64 of the index).
///
/// Columns are exposed read-only for scanning; all have `count` elements, row `i` of each
/// column belongs to execution `i`. Scan a column chunk by chunk with
/// `ChunkedColumn.forEachChunk(_:)`. Holding on to a column while appending makes the
/// append copy the column's last chunk, never the whole column.
public struct ExecutionStore: Sendable {
    /// Boolean fields of an execution, one byte per row.
    public struct Flags: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public static let success = Flags(rawValue: 1 << 0)
        public static let revisionNeeded = Flags(rawValue: 1 << 1)
    }

    /// The text of every label column (`priorities` … `workspaces`).
    public private(set) var strings = StringInterner()

    public private(set) var predictedValueScores = ChunkedColumn<Double>()
    public private(set) var predictedInputTokens = ChunkedColumn<Int64>()
    public private(set) var predictedOutputTokens = ChunkedColumn<Int64>()
    public private(set) var predictedCosts = ChunkedColumn<Double>()
    public private(set) var actualInputTokens = ChunkedColumn<Int64>()
    public private(set) var actualOutputTokens = ChunkedColumn<Int64>()
    public private(set) var actualCosts = ChunkedColumn<Double>()
    /// execution_time_seconds.
    public private(set) var executionTimes = ChunkedColumn<Double>()
    public private(set) var qualityScores = ChunkedColumn<Double>()
    public private(set) var testsPassed = ChunkedColumn<Int32>()
    public private(set) var testsFailed = ChunkedColumn<Int32>()
    public private(set) var bugsIntroduced = ChunkedColumn<Int32>()
    public private(set) var flags = ChunkedColumn<Flags>()
    /// `attempt`, which the validator bounds to 8 bits.
    public private(set) var attempts = ChunkedColumn<UInt8>()
    /// NaN where the stakeholder did not answer.
    public private(set) var stakeholderSatisfactions = ChunkedColumn<Double>()
    /// NaN where no value was assessed.
    public private(set) var valuesDelivered = ChunkedColumn<Double>()
    public private(set) var timestampsMs = ChunkedColumn<Int64>()

    /// Ids into `strings`.
    public private(set) var priorities = ChunkedColumn<StringInterner.ID>()
    public private(set) var domains = ChunkedColumn<StringInterner.ID>()
    public private(set) var complexities = ChunkedColumn<StringInterner.ID>()
    public private(set) var assignedModels = ChunkedColumn<StringInterner.ID>()
    public private(set) var assignmentReasons = ChunkedColumn<StringInterner.ID>()
    public private(set) var workerIDs = ChunkedColumn<StringInterner.ID>()
    public private(set) var workspaces = ChunkedColumn<StringInterner.ID>()
    /// ab_test_id and ab_variant.
    public private(set) var abTestIDs = ChunkedColumn<StringInterner.ID>()
    public private(set) var abVariants = ChunkedColumn<StringInterner.ID>()

    /// Where a row's strings sit in `text`, and its execution id's hash.
    ///
    /// One 16-byte record rather than separate columns, so a probe of the index costs one
    /// cache miss, and the stored hash rejects most non-matching rows without reading `text`.
    private struct TextRow: Sendable {
        /// The text chunk holding the row's strings, and where in it they start.
        var chunk: UInt32
        var start: UInt32
        /// The low 32 bits of the execution id's hash: its top bits pick the index shard,
        /// its low bits the slot, which is enough for any index size.
        var idHash: UInt32
        var executionIDLength: UInt16
        var taskIDLength: UInt16
    }

    /// execution_id, task_id and task_title of each row back to back, rows in order.
    ///
    /// A row's text never spans two chunks. Chunks after the first are allocated once at
    /// `textChunkBytes`, or at the row's size when a single row needs more.
    private var text: [ContiguousArray<UInt8>] = []
    /// A row's title ends where the next row's text starts, or where its chunk ends.
    private var textRows = ChunkedColumn<TextRow>()

    /// One open-addressing (linear probing) table of the idempotency index.
    private struct IndexShard: Sendable {
        /// Row numbers, -1 where empty; a power of two in size, at most half full, which
        /// keeps probe sequences short.
        var slots: ContiguousArray<Int32> = []
        /// Occupied slots.
        var count = 0
    }

    /// The idempotency index: row numbers keyed by execution id, in `1 << indexShardBits`
    /// tables chosen by the top bits of the id's hash. Empty until the first insert.
    private var shards: [IndexShard] = []

    public init() {}

    public var count: Int { flags.count }
    public var isEmpty: Bool { flags.isEmpty }

    public func contains(executionID: String) -> Bool {
        index(of: executionID) != nil
    }

    /// The row of the execution with this id.
    public func index(of executionID: String) -> Int? {
        guard !shards.isEmpty, executionID.utf8.count <= Int(UInt16.max) else { return nil }
        return ExactString.withBytes(of: executionID) { id in
            let idHash = Self.idHash(id)
            return find(id, idHash: idHash, in: Self.shard(of: idHash)).row
        }
    }

    /// Appends an execution whose id is new. Use `insert(_:)` when it may be a duplicate.
    ///
    /// - Precondition: `e.executionID` is non-empty and not stored yet; see `insert(_:)`.
    public mutating func append(_ e: TaskExecution) {
        let inserted = insert(e).inserted
        precondition(inserted, "execution_id \(e.executionID) is already stored")
    }

    /// Appends `e` unless its execution id is already stored.
    ///
    /// - Returns: Whether it was appended, and the row holding that execution id.
    /// - Precondition: `e.executionID` is non-empty; execution_id and task_id are at most
    ///   65,535 UTF-8 bytes; counts fit in 32 bits. `ExecutionValidator` guarantees all but the first.
    @discardableResult
    public mutating func insert(_ e: TaskExecution) -> (inserted: Bool, index: Int) {
        precondition(!e.executionID.isEmpty, "execution_id must not be empty")
        precondition(e.executionID.utf8.count <= Int(UInt16.max) && e.taskID.utf8.count <= Int(UInt16.max), "identifier too long to store")
        if shards.isEmpty { shards = Array(repeating: IndexShard(), count: 1 << Self.indexShardBits) }
        let (idHash, existing, found) = ExactString.withBytes(of: e.executionID) { id in
            let idHash = Self.idHash(id)
            let found = find(id, idHash: idHash, in: Self.shard(of: idHash))
            return (idHash, found.row, found.slot)
        }
        if let existing { return (false, existing) }
        let row = count
        precondition(row < Int(Int32.max), "ExecutionStore is full")
        let shard = Self.shard(of: idHash)
        var slot = found
        let occupied = shards[shard].count + 1
        if occupied * 2 > shards[shard].slots.count {
            growShard(shard, toHold: occupied)
            slot = emptySlot(for: idHash, in: shard)
        }
        appendRow(e, idHash: idHash)
        shards[shard].slots[slot] = Int32(row)
        shards[shard].count = occupied
        return (true, row)
    }

    /// The execution at row `i`, exactly as it was appended.
    ///
    /// A stakeholder_satisfaction or value_delivered of NaN comes back as nil; validated executions have none.
    public subscript(i: Int) -> TaskExecution {
        let satisfaction = stakeholderSatisfactions[i]
        let value = valuesDelivered[i]
        let rowFlags = flags[i]
        let (executionID, taskID, taskTitle) = withText(ofRow: i) { bytes, id, task, title in
            (Self.string(bytes, id), Self.string(bytes, task), Self.string(bytes, title))
        }
        return TaskExecution(
            executionID: executionID,
            taskID: taskID,
            taskTitle: taskTitle,
            priority: strings[priorities[i]],
            domain: strings[domains[i]],
            complexity: strings[complexities[i]],
            predictedValueScore: predictedValueScores[i],
            predictedInputTokens: predictedInputTokens[i],
            predictedOutputTokens: predictedOutputTokens[i],
            predictedCost: predictedCosts[i],
            assignedModel: strings[assignedModels[i]],
            assignmentReason: strings[assignmentReasons[i]],
            actualInputTokens: actualInputTokens[i],
            actualOutputTokens: actualOutputTokens[i],
            actualCost: actualCosts[i],
            executionTimeSeconds: executionTimes[i],
            success: rowFlags.contains(.success),
            qualityScore: qualityScores[i],
            testsPassed: Int64(testsPassed[i]),
            testsFailed: Int64(testsFailed[i]),
            bugsIntroduced: Int64(bugsIntroduced[i]),
            revisionNeeded: rowFlags.contains(.revisionNeeded),
            stakeholderSatisfaction: satisfaction.isNaN ? nil : satisfaction,
            valueDelivered: value.isNaN ? nil : value,
            timestampMs: timestampsMs[i],
            workerID: strings[workerIDs[i]],
            workspace: strings[workspaces[i]],
            abTestID: strings[abTestIDs[i]],
            abVariant: strings[abVariants[i]],
            attempt: UInt32(attempts[i])
        )
    }

    /// Calls `body` with every execution in arrival order.
    public func forEach(_ body: (TaskExecution) throws -> Void) rethrows {
        for i in 0..<count {
            try body(self[i])
        }
    }

    public func executionID(at i: Int) -> String {
        withText(ofRow: i) { bytes, id, _, _ in Self.string(bytes, id) }
    }

    public func taskID(at i: Int) -> String {
        withText(ofRow: i) { bytes, _, task, _ in Self.string(bytes, task) }
    }

    public func taskTitle(at i: Int) -> String {
        withText(ofRow: i) { bytes, _, _, title in Self.string(bytes, title) }
    }

    /// Heap bytes held: the capacity of every column chunk and text chunk, the lists of
    /// chunks, the index tables and the interned strings.
    public var approximateByteCount: Int {
        var total = predictedValueScores.allocatedByteCount + predictedCosts.allocatedByteCount + actualCosts.allocatedByteCount
        total += executionTimes.allocatedByteCount + qualityScores.allocatedByteCount
        total += stakeholderSatisfactions.allocatedByteCount + valuesDelivered.allocatedByteCount
        total += predictedInputTokens.allocatedByteCount + predictedOutputTokens.allocatedByteCount
        total += actualInputTokens.allocatedByteCount + actualOutputTokens.allocatedByteCount + timestampsMs.allocatedByteCount
        total += testsPassed.allocatedByteCount + testsFailed.allocatedByteCount + bugsIntroduced.allocatedByteCount
        total += flags.allocatedByteCount + attempts.allocatedByteCount
        total += priorities.allocatedByteCount + domains.allocatedByteCount + complexities.allocatedByteCount
        total += assignedModels.allocatedByteCount + assignmentReasons.allocatedByteCount
        total += workerIDs.allocatedByteCount + workspaces.allocatedByteCount
        total += abTestIDs.allocatedByteCount + abVariants.allocatedByteCount
        total += textRows.allocatedByteCount + text.capacity * MemoryLayout<ContiguousArray<UInt8>>.stride
        for chunk in text { total += chunk.capacity }
        total += shards.capacity * MemoryLayout<IndexShard>.stride
        for shard in shards { total += shard.slots.capacity * MemoryLayout<Int32>.stride }
        return total + strings.approximateByteCount
    }

    /// Makes room for `n` executions, whose execution ids, task ids and titles take `textBytes`
    /// UTF-8 bytes in all, so loading a known number of executions moves no row and seldom
    /// regrows an index table: the tables are sized for `n` ids spread by hash, and the first
    /// chunks reach their full size now. Later chunks are allocated, once each, as rows reach them.
    public mutating func reserveCapacity(_ n: Int, textBytes: Int = 0) {
        reserveRows(n)
        reserveIndex(n)
        if textBytes > 0 {
            if text.isEmpty { text.append([]) }
            if text.count == 1 {
                let first = min(textBytes, Self.textChunkBytes)
                if first > text[0].capacity { text[0].reserveCapacity(first) }
            }
        }
    }

    // MARK: - Rows

    private mutating func appendRow(_ e: TaskExecution, idHash: UInt32) {
        predictedValueScores.append(e.predictedValueScore)
        predictedInputTokens.append(e.predictedInputTokens)
        predictedOutputTokens.append(e.predictedOutputTokens)
        predictedCosts.append(e.predictedCost)
        actualInputTokens.append(e.actualInputTokens)
        actualOutputTokens.append(e.actualOutputTokens)
        actualCosts.append(e.actualCost)
        executionTimes.append(e.executionTimeSeconds)
        qualityScores.append(e.qualityScore)
        testsPassed.append(Self.narrow(e.testsPassed, "tests_passed"))
        testsFailed.append(Self.narrow(e.testsFailed, "tests_failed"))
        bugsIntroduced.append(Self.narrow(e.bugsIntroduced, "bugs_introduced"))
        var rowFlags: Flags = []
        if e.success { rowFlags.insert(.success) }
        if e.revisionNeeded { rowFlags.insert(.revisionNeeded) }
        attempts.append(UInt8(clamping: e.attempt))
        stakeholderSatisfactions.append(e.stakeholderSatisfaction ?? .nan)
        valuesDelivered.append(e.valueDelivered ?? .nan)
        timestampsMs.append(e.timestampMs)

        priorities.append(strings.intern(e.priority))
        domains.append(strings.intern(e.domain))
        complexities.append(strings.intern(e.complexity))
        assignedModels.append(strings.intern(e.assignedModel))
        assignmentReasons.append(strings.intern(e.assignmentReason))
        workerIDs.append(strings.intern(e.workerID))
        workspaces.append(strings.intern(e.workspace))
        abTestIDs.append(strings.intern(e.abTestID))
        abVariants.append(strings.intern(e.abVariant))

        let idLength = e.executionID.utf8.count
        let taskIDLength = e.taskID.utf8.count
        let (chunk, start) = textChunk(forRowOf: idLength + taskIDLength + e.taskTitle.utf8.count)
        textRows.append(TextRow(
            chunk: UInt32(chunk),
            start: UInt32(start),
            idHash: idHash,
            executionIDLength: UInt16(idLength),
            taskIDLength: UInt16(taskIDLength)
        ))
        appendText(e.executionID, to: chunk)
        appendText(e.taskID, to: chunk)
        appendText(e.taskTitle, to: chunk)
        // Last: `count` is the number of flags, so a row exists only once all of it does.
        flags.append(rowFlags)
    }

    private mutating func reserveRows(_ n: Int) {
        predictedValueScores.reserveCapacity(n)
        predictedInputTokens.reserveCapacity(n)
        predictedOutputTokens.reserveCapacity(n)
        predictedCosts.reserveCapacity(n)
        actualInputTokens.reserveCapacity(n)
        actualOutputTokens.reserveCapacity(n)
        actualCosts.reserveCapacity(n)
        executionTimes.reserveCapacity(n)
        qualityScores.reserveCapacity(n)
        testsPassed.reserveCapacity(n)
        testsFailed.reserveCapacity(n)
        bugsIntroduced.reserveCapacity(n)
        flags.reserveCapacity(n)
        attempts.reserveCapacity(n)
        stakeholderSatisfactions.reserveCapacity(n)
        valuesDelivered.reserveCapacity(n)
        timestampsMs.reserveCapacity(n)
        priorities.reserveCapacity(n)
        domains.reserveCapacity(n)
        complexities.reserveCapacity(n)
        assignedModels.reserveCapacity(n)
        assignmentReasons.reserveCapacity(n)
        workerIDs.reserveCapacity(n)
        workspaces.reserveCapacity(n)
        abTestIDs.reserveCapacity(n)
        abVariants.reserveCapacity(n)
        textRows.reserveCapacity(n)
    }

    // MARK: - Text

    /// Bytes per text chunk: 1 MiB less the array and malloc headers, so a chunk fills
    /// whole pages. A row copies at most this much when it is the first append after a copy.
    private static var textChunkBytes: Int { (1 << 20) - 64 }
    /// Where the first text chunk starts before doubling its way to `textChunkBytes`.
    private static var firstTextChunkBytes: Int { 4096 }

    /// The chunk and offset where a row's `bytes` of text go: the end of the last chunk when
    /// they fit in it, else the start of a new chunk.
    private mutating func textChunk(forRowOf bytes: Int) -> (chunk: Int, start: Int) {
        if let last = text.indices.last {
            let used = text[last].count
            if used + bytes <= Self.textChunkBytes {
                let capacity = text[last].capacity
                if used + bytes > capacity {
                    // Only the first chunk is ever short of room: it doubles up to a full chunk.
                    text[last].reserveCapacity(min(Self.textChunkBytes, max(used + bytes, capacity * 2, Self.firstTextChunkBytes)))
                }
                return (last, used)
            }
        }
        var fresh = ContiguousArray<UInt8>()
        fresh.reserveCapacity(max(bytes, text.isEmpty ? Self.firstTextChunkBytes : Self.textChunkBytes))
        text.append(fresh)
        return (text.count - 1, 0)
    }

    private mutating func appendText(_ string: String, to chunk: Int) {
        ExactString.withBytes(of: string) { text[chunk].append(contentsOf: $0) }
    }

    /// Calls `body` with the text chunk holding row `i` and where in it the row's
    /// execution id, task id and title lie.
    ///
    /// One call for all three strings: each access to a chunk retains it for the duration.
    private func withText<R>(
        ofRow i: Int, _ body: (UnsafeBufferPointer<UInt8>, Range<Int>, Range<Int>, Range<Int>) -> R
    ) -> R {
        let row = textRows[i]
        let chunk = Int(row.chunk)
        let idStart = Int(row.start)
        let taskStart = idStart + Int(row.executionIDLength)
        let titleStart = taskStart + Int(row.taskIDLength)
        let titleEnd: Int
        if i + 1 < count, case let next = textRows[i + 1], next.chunk == row.chunk {
            titleEnd = Int(next.start)
        } else {
            // The last row of its chunk: no later row ever shares the chunk, so the chunk ends with it.
            titleEnd = text[chunk].count
        }
        return text[chunk].withUnsafeBufferPointer {
            body($0, idStart..<taskStart, taskStart..<titleStart, titleStart..<titleEnd)
        }
    }

    private static func string(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private static func narrow(_ value: Int64, _ field: StaticString) -> Int32 {
        guard let narrowed = Int32(exactly: value) else {
            preconditionFailure("\(field) \(value) does not fit in 32 bits; validate executions first")
        }
        return narrowed
    }

    // MARK: - Idempotency index

    /// log2 of the number of index tables.
    ///
    /// A value copy shares every table; the first insert into a table afterwards copies just
    /// that table, and a table that fills up regrows alone. With 64 tables neither costs more
    /// than 1/64 of the index (128 KiB at a million rows) at once, instead of the whole
    /// table (8 MiB) in a single actor turn.
    private static var indexShardBits: Int { 6 }
    /// The smallest table; 64 of them take 4 KiB.
    private static var minimumShardSlots: Int { 16 }

    /// The low 32 bits of the hash of an execution id's bytes.
    private static func idHash(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        // Hasher is seeded per process, so clients cannot choose ids that all collide.
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        return UInt32(truncatingIfNeeded: hasher.finalize())
    }

    /// The table an id hash belongs in: its top bits, disjoint from the low bits that pick a slot.
    private static func shard(of idHash: UInt32) -> Int {
        Int(idHash >> UInt32(32 - indexShardBits))
    }

    /// The row whose execution id is `id`, or else the empty slot where it belongs (-1 when the table is empty).
    private func find(_ id: UnsafeRawBufferPointer, idHash: UInt32, in shard: Int) -> (row: Int?, slot: Int) {
        shards[shard].slots.withUnsafeBufferPointer { slots in
            guard !slots.isEmpty else { return (nil, -1) }
            let mask = slots.count - 1
            var slot = Int(idHash) & mask
            while true {
                let entry = slots[slot]
                if entry < 0 { return (nil, slot) }
                let row = textRows[Int(entry)]
                if row.idHash == idHash && Int(row.executionIDLength) == id.count && idEquals(row, id) {
                    return (Int(entry), slot)
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private func idEquals(_ row: TextRow, _ id: UnsafeRawBufferPointer) -> Bool {
        let start = Int(row.start)
        return text[Int(row.chunk)].withUnsafeBytes {
            ExactString.equal(UnsafeRawBufferPointer(rebasing: $0[start..<start + id.count]), id)
        }
    }

    /// The first empty slot on `idHash`'s probe sequence, for an id known to be absent.
    private func emptySlot(for idHash: UInt32, in shard: Int) -> Int {
        shards[shard].slots.withUnsafeBufferPointer { slots in
            let mask = slots.count - 1
            var slot = Int(idHash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            return slot
        }
    }

    /// Sizes every table for `rows` ids spread evenly, with room for the spread of the hashes.
    private mutating func reserveIndex(_ rows: Int) {
        guard rows > 0 else { return }
        if shards.isEmpty { shards = Array(repeating: IndexShard(), count: 1 << Self.indexShardBits) }
        let perShard = rows >> Self.indexShardBits
        // Four standard deviations of a binomial count, so a table rarely regrows during the load.
        let spread = Int((Double(perShard).squareRoot() * 4).rounded(.up)) + 1
        for shard in shards.indices {
            growShard(shard, toHold: perShard + spread)
        }
    }

    /// Keeps table `shard` at most half full once it holds `rows` ids.
    private mutating func growShard(_ shard: Int, toHold rows: Int) {
        let current = shards[shard].slots.count
        var size = max(Self.minimumShardSlots, current)
        while rows * 2 > size { size *= 2 }
        guard size > current else { return }
        var grown = ContiguousArray<Int32>(repeating: -1, count: size)
        let mask = size - 1
        // The stored hashes place every row without reading the text; ids are unique, so no comparing.
        grown.withUnsafeMutableBufferPointer { grown in
            shards[shard].slots.withUnsafeBufferPointer { old in
                for entry in old where entry >= 0 {
                    var slot = Int(textRows[Int(entry)].idHash) & mask
                    while grown[slot] >= 0 { slot = (slot + 1) & mask }
                    grown[slot] = entry
                }
            }
        }
        shards[shard].slots = grown
    }
}
