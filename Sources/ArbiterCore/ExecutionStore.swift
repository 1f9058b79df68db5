/// Every accepted execution in arrival order, stored column by column.
///
/// A million `TaskExecution` structs would cost well over a kilobyte each in `String` and
/// padding; columns of plain numbers, interned labels and one shared text buffer keep an
/// execution near 250 bytes, and let batch learning scan a single field without
/// reconstructing structs. The idempotency index holds only row numbers and compares
/// execution ids against the text buffer, so no second copy of an id exists.
///
/// Columns are exposed read-only for scanning; all have `count` elements, row `i` of each
/// column belongs to execution `i`. Holding on to a column while appending makes every
/// append copy it, so read columns in a scope that ends before the next append.
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

    public private(set) var predictedValueScores: [Double] = []
    public private(set) var predictedInputTokens: [Int64] = []
    public private(set) var predictedOutputTokens: [Int64] = []
    public private(set) var predictedCosts: [Double] = []
    public private(set) var actualInputTokens: [Int64] = []
    public private(set) var actualOutputTokens: [Int64] = []
    public private(set) var actualCosts: [Double] = []
    /// execution_time_seconds.
    public private(set) var executionTimes: [Double] = []
    public private(set) var qualityScores: [Double] = []
    public private(set) var testsPassed: [Int32] = []
    public private(set) var testsFailed: [Int32] = []
    public private(set) var bugsIntroduced: [Int32] = []
    public private(set) var flags: [Flags] = []
    /// NaN where the stakeholder did not answer.
    public private(set) var stakeholderSatisfactions: [Double] = []
    /// NaN where no value was assessed.
    public private(set) var valuesDelivered: [Double] = []
    public private(set) var timestampsMs: [Int64] = []

    /// Ids into `strings`.
    public private(set) var priorities: [StringInterner.ID] = []
    public private(set) var domains: [StringInterner.ID] = []
    public private(set) var complexities: [StringInterner.ID] = []
    public private(set) var assignedModels: [StringInterner.ID] = []
    public private(set) var assignmentReasons: [StringInterner.ID] = []
    public private(set) var workerIDs: [StringInterner.ID] = []
    public private(set) var workspaces: [StringInterner.ID] = []

    /// Where a row's strings sit in `text`, and its execution id's hash.
    ///
    /// One 16-byte record rather than separate columns, so a probe of the index costs one
    /// cache miss, and the stored hash rejects most non-matching rows without reading `text`.
    private struct TextRow: Sendable {
        var start: UInt64
        /// The low 32 bits of the execution id's hash: enough to place it in any index size.
        var idHash: UInt32
        var executionIDLength: UInt16
        var taskIDLength: UInt16
    }

    /// execution_id, task_id and task_title of each row back to back, rows in order.
    private var text: [UInt8] = []
    /// A row's title ends where the next row's text starts.
    private var textRows: [TextRow] = []

    /// Open-addressing (linear probing) table of row numbers keyed by execution id; -1 is empty.
    /// Its size is a power of two at most half full, which keeps probe sequences short.
    private var slots: [Int32] = []

    /// The row count every column has room for; grown by hand to bound over-allocation.
    private var rowCapacity = 0

    public init() {}

    public var count: Int { flags.count }
    public var isEmpty: Bool { flags.isEmpty }

    public func contains(executionID: String) -> Bool {
        index(of: executionID) != nil
    }

    /// The row of the execution with this id.
    public func index(of executionID: String) -> Int? {
        guard !slots.isEmpty, executionID.utf8.count <= Int(UInt16.max) else { return nil }
        return ExactString.withBytes(of: executionID) { find($0, hash: Self.hash($0)).row }
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
        growIndex(toHold: count + 1)
        let (hash, existing, slot) = ExactString.withBytes(of: e.executionID) { id in
            let hash = Self.hash(id)
            let found = find(id, hash: hash)
            return (hash, found.row, found.slot)
        }
        if let existing { return (false, existing) }
        let row = count
        precondition(row < Int(Int32.max), "ExecutionStore is full")
        appendRow(e, idHash: hash)
        slots[slot] = Int32(row)
        return (true, row)
    }

    /// The execution at row `i`, exactly as it was appended.
    ///
    /// A stakeholder_satisfaction or value_delivered of NaN comes back as nil; validated executions have none.
    public subscript(i: Int) -> TaskExecution {
        let satisfaction = stakeholderSatisfactions[i]
        let value = valuesDelivered[i]
        let rowFlags = flags[i]
        return TaskExecution(
            executionID: executionID(at: i),
            taskID: taskID(at: i),
            taskTitle: taskTitle(at: i),
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
            workspace: strings[workspaces[i]]
        )
    }

    /// Calls `body` with every execution in arrival order.
    public func forEach(_ body: (TaskExecution) throws -> Void) rethrows {
        for i in 0..<count {
            try body(self[i])
        }
    }

    public func executionID(at i: Int) -> String {
        let row = textRows[i]
        return string(from: Int(row.start), length: Int(row.executionIDLength))
    }

    public func taskID(at i: Int) -> String {
        let row = textRows[i]
        return string(from: Int(row.start) + Int(row.executionIDLength), length: Int(row.taskIDLength))
    }

    public func taskTitle(at i: Int) -> String {
        let row = textRows[i]
        let start = Int(row.start) + Int(row.executionIDLength) + Int(row.taskIDLength)
        let end = i + 1 < count ? Int(textRows[i + 1].start) : text.count
        return string(from: start, length: end - start)
    }

    /// Heap bytes held: every column's capacity, the text buffer, the index and the interned strings.
    public var approximateByteCount: Int {
        var total = Self.bytes(predictedValueScores) + Self.bytes(predictedCosts) + Self.bytes(actualCosts)
        total += Self.bytes(executionTimes) + Self.bytes(qualityScores)
        total += Self.bytes(stakeholderSatisfactions) + Self.bytes(valuesDelivered)
        total += Self.bytes(predictedInputTokens) + Self.bytes(predictedOutputTokens)
        total += Self.bytes(actualInputTokens) + Self.bytes(actualOutputTokens) + Self.bytes(timestampsMs)
        total += Self.bytes(testsPassed) + Self.bytes(testsFailed) + Self.bytes(bugsIntroduced) + Self.bytes(flags)
        total += Self.bytes(priorities) + Self.bytes(domains) + Self.bytes(complexities)
        total += Self.bytes(assignedModels) + Self.bytes(assignmentReasons) + Self.bytes(workerIDs) + Self.bytes(workspaces)
        total += Self.bytes(text) + Self.bytes(textRows)
        total += Self.bytes(slots)
        return total + strings.approximateByteCount
    }

    /// Makes room for `n` executions, whose execution ids, task ids and titles take `textBytes`
    /// UTF-8 bytes in all, so loading a known number of executions allocates once.
    public mutating func reserveCapacity(_ n: Int, textBytes: Int = 0) {
        reserveRows(n)
        growIndex(toHold: n)
        if textBytes > text.capacity {
            text.reserveCapacity(textBytes)
        }
    }

    // MARK: - Rows

    private mutating func appendRow(_ e: TaskExecution, idHash: Int) {
        if count == rowCapacity {
            // Doubling while small; then 25% steps, so at most a fifth of the columns' memory sits unused.
            reserveRows(rowCapacity < 1 << 16 ? max(64, rowCapacity * 2) : rowCapacity + rowCapacity / 4)
        }
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
        flags.append(rowFlags)
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

        let idLength = e.executionID.utf8.count
        let taskIDLength = e.taskID.utf8.count
        reserveText(adding: idLength + taskIDLength + e.taskTitle.utf8.count)
        textRows.append(TextRow(
            start: UInt64(text.count),
            idHash: UInt32(truncatingIfNeeded: idHash),
            executionIDLength: UInt16(idLength),
            taskIDLength: UInt16(taskIDLength)
        ))
        appendText(e.executionID)
        appendText(e.taskID)
        appendText(e.taskTitle)
    }

    private mutating func reserveRows(_ n: Int) {
        guard n > rowCapacity else { return }
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
        textRows.reserveCapacity(n)
        rowCapacity = n
    }

    private mutating func reserveText(adding bytes: Int) {
        let needed = text.count + bytes
        guard needed > text.capacity else { return }
        let capacity = text.capacity
        let grown = capacity < 1 << 20 ? capacity * 2 : capacity + capacity / 4
        text.reserveCapacity(max(needed, grown, 4096))
    }

    private mutating func appendText(_ string: String) {
        ExactString.withBytes(of: string) { text.append(contentsOf: $0) }
    }

    private static func narrow(_ value: Int64, _ field: StaticString) -> Int32 {
        guard let narrowed = Int32(exactly: value) else {
            preconditionFailure("\(field) \(value) does not fit in 32 bits; validate executions first")
        }
        return narrowed
    }

    private func string(from start: Int, length: Int) -> String {
        text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<start + length]), as: UTF8.self) }
    }

    private static func bytes<Element>(_ array: [Element]) -> Int {
        array.capacity * MemoryLayout<Element>.stride
    }

    // MARK: - Idempotency index

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        // Hasher is seeded per process, so clients cannot choose ids that all collide.
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        return hasher.finalize()
    }

    /// The row whose execution id is `id`, or else the empty slot where it belongs.
    private func find(_ id: UnsafeRawBufferPointer, hash: Int) -> (row: Int?, slot: Int) {
        let mask = slots.count - 1
        let idHash = UInt32(truncatingIfNeeded: hash)
        var slot = Int(idHash) & mask
        return text.withUnsafeBytes { text in
            textRows.withUnsafeBufferPointer { textRows in
                slots.withUnsafeBufferPointer { slots in
                    while true {
                        let entry = slots[slot]
                        if entry < 0 { return (nil, slot) }
                        let row = textRows[Int(entry)]
                        if row.idHash == idHash && Int(row.executionIDLength) == id.count {
                            let start = Int(row.start)
                            if ExactString.equal(UnsafeRawBufferPointer(rebasing: text[start..<start + id.count]), id) {
                                return (Int(entry), slot)
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// Keeps the index at most half full once it holds `rows` ids.
    private mutating func growIndex(toHold rows: Int) {
        var size = max(16, slots.count)
        while rows * 2 > size { size *= 2 }
        guard size > slots.count else { return }
        var grown = [Int32](repeating: -1, count: size)
        let mask = size - 1
        // The stored hashes place every row without reading the text; ids are unique, so no comparing.
        textRows.withUnsafeBufferPointer { textRows in
            grown.withUnsafeMutableBufferPointer { grown in
                for (row, textRow) in textRows.enumerated() {
                    var slot = Int(textRow.idHash) & mask
                    while grown[slot] >= 0 { slot = (slot + 1) & mask }
                    grown[slot] = Int32(row)
                }
            }
        }
        slots = grown
    }
}
