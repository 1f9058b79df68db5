/// A column of values held in fixed-size chunks of `chunkCapacity` elements.
///
/// Copying a column copies only the small array of chunk references. Every chunk but the
/// last is full and never written again, so copies share it for good; an append after a
/// copy duplicates at most the last chunk. That keeps a value copy of a large store (a
/// snapshot being written) from doubling its memory as soon as the original grows.
///
/// Each chunk is allocated once at its full capacity. Only the first chunk grows, by
/// doubling, so a small column stays small; from the second chunk on the only unused space
/// is the unfilled end of the last chunk.
///
/// Indices run from 0 to `count - 1`. `forEachChunk(_:)` hands out each chunk's contiguous
/// storage, the fastest way to scan; subscripting and `for-in` cost a shift, a mask and a
/// second bounds check more per element than an `Array`.
public struct ChunkedColumn<Element> {
    /// log2 of `chunkCapacity`.
    public static var chunkShift: Int { 14 }
    /// Elements per chunk: 16,384, or 128 KiB of `Double`.
    public static var chunkCapacity: Int { 1 << chunkShift }
    @usableFromInline static var chunkMask: Int { chunkCapacity - 1 }
    /// Where the first chunk starts before it doubles its way to `chunkCapacity`.
    static var firstChunkCapacity: Int { 64 }

    /// All full except the last, which holds `count - (chunks.count - 1) * chunkCapacity` elements.
    @usableFromInline var chunks: [ContiguousArray<Element>] = []
    public private(set) var count = 0

    public init() {}

    /// Appends `element` to the last chunk, starting a new chunk when it is full.
    mutating func append(_ element: Element) {
        let chunk = count &>> Self.chunkShift
        if chunk == chunks.count {
            var fresh = ContiguousArray<Element>()
            fresh.reserveCapacity(chunk == 0 ? Self.firstChunkCapacity : Self.chunkCapacity)
            chunks.append(fresh)
        } else if chunk == 0 && chunks[0].count == chunks[0].capacity {
            // Only the first chunk grows; doubling, and never past a full chunk.
            chunks[0].reserveCapacity(Swift.min(Self.chunkCapacity, Swift.max(Self.firstChunkCapacity, chunks[0].capacity * 2)))
        }
        chunks[chunk].append(element)
        count += 1
    }

    /// Makes room for `n` elements: the first chunk at up to its full size, and the list of
    /// chunks. Later chunks are allocated at their full size when reached, so growing to `n`
    /// never moves an element.
    mutating func reserveCapacity(_ n: Int) {
        guard n > 0 else { return }
        let chunkCount = (n + Self.chunkMask) >> Self.chunkShift
        if chunkCount > chunks.capacity { chunks.reserveCapacity(chunkCount) }
        if chunks.isEmpty { chunks.append([]) }
        if chunks.count == 1 {
            let first = Swift.min(n, Self.chunkCapacity)
            if first > chunks[0].capacity { chunks[0].reserveCapacity(first) }
        }
    }

    /// Heap bytes held: every chunk's capacity and the list of chunks.
    var allocatedByteCount: Int {
        var total = chunks.capacity * MemoryLayout<ContiguousArray<Element>>.stride
        for chunk in chunks { total += chunk.capacity * MemoryLayout<Element>.stride }
        return total
    }

    /// Calls `body` with each chunk's elements in order; together they are the whole column.
    ///
    /// The fastest way to scan a column: each buffer is contiguous, so loops over it vectorize.
    @inlinable
    public func forEachChunk(_ body: (UnsafeBufferPointer<Element>) throws -> Void) rethrows {
        for chunk in chunks where !chunk.isEmpty {
            try chunk.withUnsafeBufferPointer(body)
        }
    }

    /// How many chunks hold the column; `withChunk(_:_:)` takes `0..<chunkCount`.
    @inlinable
    public var chunkCount: Int { chunks.count }

    /// Calls `body` with the elements of chunk `index`: rows `index * chunkCapacity` onwards.
    @inlinable
    public func withChunk<R>(_ index: Int, _ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try chunks[index].withUnsafeBufferPointer(body)
    }
}

extension ChunkedColumn: Sendable where Element: Sendable {}

extension ChunkedColumn: RandomAccessCollection {
    public typealias Index = Int
    public typealias Indices = Range<Int>

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }
    @inlinable public var isEmpty: Bool { count == 0 }

    @inlinable
    public subscript(position: Int) -> Element {
        // The chunks' own bounds checks reject every position outside 0..<count.
        chunks[position &>> Self.chunkShift][position & Self.chunkMask]
    }

    @inlinable
    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R? {
        // Contiguous only while the column fits in one chunk.
        guard chunks.count <= 1 else { return nil }
        guard let only = chunks.first else { return try body(UnsafeBufferPointer(start: nil, count: 0)) }
        return try only.withUnsafeBufferPointer(body)
    }
}
