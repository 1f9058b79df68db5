import ArbiterCore
import Testing

/// The chunked layout: value copies share full chunks, rows cross chunk boundaries intact,
/// and columns scan chunk by chunk.
@Suite struct ExecutionStoreChunkingTests {
    static let chunkRows = ChunkedColumn<Double>.chunkCapacity

    static func execution(_ i: Int, title: String? = nil) -> TaskExecution {
        TaskExecution(
            executionID: "exec-\(i)", taskID: "T-\(i % 1000)", taskTitle: title ?? "Title of task \(i)",
            priority: "P\(i % 4)", domain: "d\(i % 8)", complexity: "c\(i % 4)", predictedValueScore: Double(i) / 7,
            assignedModel: "model-\(i % 20)", actualInputTokens: Int64(i), qualityScore: Double(i % 1000) / 100,
            testsPassed: Int64(i % 50), timestampMs: 1_700_000_000_000 + Int64(i), workerID: "w\(i % 16)"
        )
    }

    /// Where each chunk of a column starts, as numbers, to tell shared chunks from copies.
    static func chunkAddresses<Element>(_ column: ChunkedColumn<Element>) -> [Int] {
        (0..<column.chunkCount).map { index in column.withChunk(index) { Int(bitPattern: $0.baseAddress) } }
    }

    @Test func aCopySharesEveryFullChunkAfterTheOriginalGrows() {
        var store = ExecutionStore()
        let rows = 3 * Self.chunkRows + 100
        for i in 0..<rows { store.append(Self.execution(i)) }
        let snapshot = store
        #expect(Self.chunkAddresses(store.qualityScores) == Self.chunkAddresses(snapshot.qualityScores))

        store.append(Self.execution(rows))
        let original = Self.chunkAddresses(store.qualityScores)
        let copied = Self.chunkAddresses(snapshot.qualityScores)
        #expect(original.count == 4 && copied.count == 4)
        // The three full chunks stay shared; only the partly filled last one was copied.
        #expect(original.prefix(3) == copied.prefix(3))
        #expect(original[3] != copied[3])
        #expect(Self.chunkAddresses(store.timestampsMs).prefix(3) == Self.chunkAddresses(snapshot.timestampsMs).prefix(3))
        #expect(Self.chunkAddresses(store.flags).prefix(3) == Self.chunkAddresses(snapshot.flags).prefix(3))

        // Growing by whole chunks leaves the shared ones untouched too.
        for i in (rows + 1)..<(rows + 2 * Self.chunkRows) { store.append(Self.execution(i)) }
        #expect(Self.chunkAddresses(store.qualityScores).prefix(3) == copied.prefix(3))
        #expect(store.qualityScores.chunkCount == 6)
    }

    @Test func copiesAreIndependentValues() {
        var store = ExecutionStore()
        let rows = Self.chunkRows + 500
        for i in 0..<rows { store.append(Self.execution(i)) }
        var snapshot = store
        for i in rows..<(rows + Self.chunkRows) { store.append(Self.execution(i)) }
        snapshot.append(Self.execution(-1))

        #expect(store.count == rows + Self.chunkRows)
        #expect(snapshot.count == rows + 1)
        #expect(store.index(of: "exec--1") == nil)
        #expect(snapshot.index(of: "exec--1") == rows)
        #expect(snapshot.index(of: "exec-\(rows)") == nil)
        #expect(store.index(of: "exec-\(rows)") == rows)
        #expect(snapshot[rows].executionID == "exec--1")
        #expect(store[rows].executionID == "exec-\(rows)")
        for i in stride(from: 0, to: rows, by: 97) {
            #expect(ExecutionStoreTests.identical(store[i], Self.execution(i)))
            #expect(ExecutionStoreTests.identical(snapshot[i], Self.execution(i)))
            #expect(snapshot.index(of: "exec-\(i)") == i)
        }
        // The title of the last row of a copy ends where its own text ends, not where the other's does.
        #expect(snapshot.taskTitle(at: rows - 1) == "Title of task \(rows - 1)")
        #expect(store.taskTitle(at: rows - 1) == "Title of task \(rows - 1)")
    }

    /// What the recorder does: encode a copy on another thread while the original keeps appending.
    @Test func aCopyIsReadOnAnotherThreadWhileTheOriginalGrows() async {
        var store = ExecutionStore()
        let rows = Self.chunkRows + 10
        for i in 0..<rows { store.append(Self.execution(i)) }
        let snapshot = store
        let reader = Task.detached { () -> Int in
            var matched = 0
            for i in 0..<snapshot.count where ExecutionStoreTests.identical(snapshot[i], Self.execution(i)) {
                matched += 1
            }
            return matched
        }
        for i in rows..<(3 * Self.chunkRows) { store.append(Self.execution(i)) }
        #expect(await reader.value == rows)
        #expect(store.count == 3 * Self.chunkRows)
        #expect(store.index(of: "exec-\(rows - 1)") == rows - 1 && store.index(of: "exec-\(rows)") == rows)
    }

    @Test func rowsRoundTripAcrossTextChunks() {
        var store = ExecutionStore()
        var expected: [TaskExecution] = []
        // About 3.5 MiB of text: several text chunks, a row too big for any chunk, and rows
        // that do not fit in what is left of a chunk.
        for i in 0..<3_000 {
            let length = i == 1_234 ? 1_500_000 : 500 + (i * 7919) % 1_000
            let title = String(repeating: Character(UnicodeScalar(UInt8(65 + i % 26))), count: length)
            let e = Self.execution(i, title: title)
            expected.append(e)
            store.append(e)
        }
        for (i, e) in expected.enumerated() where !ExecutionStoreTests.identical(store[i], e) {
            Issue.record("row \(i) differs")
        }
        for (i, e) in expected.enumerated() {
            #expect(store.index(of: e.executionID) == i)
            #expect(store.taskTitle(at: i).utf8.count == e.taskTitle.utf8.count)
        }
        #expect(store.approximateByteCount > 1_500_000 + 3_000 * 500)
    }

    @Test func columnsScanChunkByChunk() {
        var store = ExecutionStore()
        let rows = 2 * Self.chunkRows + 1_234
        for i in 0..<rows { store.append(Self.execution(i)) }
        let column = store.actualInputTokens
        #expect(column.count == rows)
        #expect(column.chunkCount == 3)

        var chunkSizes: [Int] = []
        var scanned: [Int64] = []
        column.forEachChunk { chunk in
            chunkSizes.append(chunk.count)
            scanned.append(contentsOf: chunk)
        }
        #expect(chunkSizes == [Self.chunkRows, Self.chunkRows, 1_234])
        #expect(scanned == (0..<rows).map { Int64($0) })
        #expect(Array(column) == scanned)
        #expect(column.indices.map { column[$0] } == scanned)
        #expect(column.withChunk(1) { $0.first } == Int64(Self.chunkRows))
        #expect(column.withContiguousStorageIfAvailable { $0.count } == nil)
        #expect(column.reduce(0, +) == Int64(rows * (rows - 1) / 2))
        #expect(column.last == Int64(rows - 1))

        var small = ExecutionStore()
        #expect(small.qualityScores.isEmpty && small.qualityScores.chunkCount == 0)
        #expect(small.qualityScores.withContiguousStorageIfAvailable { $0.count } == 0)
        for i in 0..<10 { small.append(Self.execution(i)) }
        #expect(small.qualityScores.withContiguousStorageIfAvailable { Array($0) } == (0..<10).map { Double($0 % 1000) / 100 })
    }

    @Test func aSmallStoreStaysSmall() {
        var store = ExecutionStore()
        store.append(Self.execution(0))
        // The first chunks start small and double; only later chunks are allocated whole.
        #expect(store.approximateByteCount < 40_000)
    }

    /// Snapshots while growing: the live store keeps sharing full chunks with every copy
    /// still held, and its own size is as if no copy had been taken.
    @Test func copiesTakenWhileGrowingDoNotInflateTheStore() {
        var store = ExecutionStore()
        var reference = ExecutionStore()
        var copies: [ExecutionStore] = []
        let rows = 5 * Self.chunkRows + 77
        for i in 0..<rows {
            let e = Self.execution(i)
            store.append(e)
            reference.append(e)
            if i % 20_000 == 19_999 { copies.append(store) }
        }
        #expect(copies.count == 4)
        let bytes = store.approximateByteCount
        let referenceBytes = reference.approximateByteCount
        #expect(abs(bytes - referenceBytes) <= referenceBytes / 100, "\(bytes) vs \(referenceBytes) without copies")
        let live = Self.chunkAddresses(store.predictedValueScores)
        for copy in copies {
            let shared = Self.chunkAddresses(copy.predictedValueScores)
            let full = copy.count / Self.chunkRows
            #expect(Array(live.prefix(full)) == Array(shared.prefix(full)))
            #expect(ExecutionStoreTests.identical(copy[copy.count - 1], Self.execution(copy.count - 1)))
        }
    }
}
