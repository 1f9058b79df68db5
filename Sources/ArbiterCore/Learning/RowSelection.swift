/// The rows of one store chunk that pass a filter, gathered without a branch per row.
///
/// Whether a row is in a window, has a value or ran on a premium model follows no pattern the
/// CPU can predict (a third to two thirds pass), and a mispredicted branch costs more than a
/// row's arithmetic. Every row number is written and the count advanced by the test's 0 or 1,
/// so the steps then loop over the passing rows only, in the same order as before: the sums
/// come out bit for bit the same as with a branch per row.
struct RowSelection: ~Copyable {
    private let rows: UnsafeMutableBufferPointer<Int32>

    /// Room for one chunk's rows.
    init() {
        rows = .allocate(capacity: ChunkedColumn<Int64>.chunkCapacity)
    }

    deinit { rows.deallocate() }

    /// Calls `body` with the rows in `0..<count` (at most a chunk) for which `passes` holds, in order.
    @inline(__always)
    func forEach(in count: Int, where passes: (Int) -> Bool, _ body: (UnsafeBufferPointer<Int32>) -> Void) {
        precondition(count <= rows.count, "more rows than a chunk")
        var selected = 0
        for row in 0..<count {
            rows[selected] = Int32(truncatingIfNeeded: row)
            selected &+= Self.zeroOrOne(passes(row))
        }
        body(UnsafeBufferPointer(rebasing: rows[0..<selected]))
    }

    /// The rows of `rows` (a selection `forEach` passed) for which `passes` holds, in order,
    /// gathered in place the same way: a second test costs only the rows the first let through.
    @inline(__always)
    func keeping(_ rows: UnsafeBufferPointer<Int32>, where passes: (Int) -> Bool) -> UnsafeBufferPointer<Int32> {
        let kept = UnsafeMutableBufferPointer(mutating: rows)
        var count = 0
        for row in rows {
            kept[count] = row  // count <= the index read, so no row is overwritten before it is read
            count &+= Self.zeroOrOne(passes(Int(row)))
        }
        return UnsafeBufferPointer(rebasing: kept[0..<count])
    }

    /// `a && b` without the short circuit, whose branch `forEach` exists to avoid.
    @inline(__always)
    static func both(_ a: Bool, _ b: Bool) -> Bool {
        unsafeBitCast(UInt8(zeroOrOne(a) & zeroOrOne(b)), to: Bool.self)
    }

    /// 1 for true, 0 for false, read from the Bool's byte: `b ? 1 : 0` compiles to a
    /// conditional branch here, which is the one thing the selection must not have.
    /// A Bool is one byte holding exactly 0 or 1, so the cast is a plain load.
    @inline(__always)
    private static func zeroOrOne(_ b: Bool) -> Int {
        Int(unsafeBitCast(b, to: UInt8.self))
    }
}
