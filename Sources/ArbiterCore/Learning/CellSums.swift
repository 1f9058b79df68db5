/// A calibration's sums over the rows of one (group, domain) cell: a group being a complexity
/// (token calibration) or a priority (value calibration).
protocol CellSum: Sendable {
    init()
    var count: Int { get }
    mutating func add(_ other: Self)
}

/// Sums per (group, domain) cell, by string id of an execution store.
///
/// A domain's ratio is taken after this run's group factors, which are known only once every
/// row is summed: keeping cells lets one pass serve both, the groups' and domains' totals
/// being sums of cells. Groups get a slot as they are met, so only the few labels used as
/// complexities or priorities hold a row of cells, not every interned string. Those rows are
/// dense (an array index per execution) while they hold at most ``denseCellLimit`` cells; past
/// it, as when clients send thousands of distinct complexities and domains, only the cells with
/// rows are kept, in a dictionary: dense rows would grow with groups × labels, quadratic in the
/// labels clients send (30,000 of each took a run past five minutes and gigabytes).
struct CellSums<Sums: CellSum>: Sendable {
    /// The store's label count: cells of one group, by domain id.
    let labels: Int
    /// The group ids met, in order of meeting.
    private var slotGroups: [StringInterner.ID] = []
    /// By group id: its slot, or -1 when not met.
    private var slots: [Int32]
    /// Dense: slot `s`'s cells are `cells[s * labels ..< (s + 1) * labels]`.
    private var cells: [Sums] = []
    /// Sparse (once dense would pass ``denseCellLimit``): the cells with rows, by `slot << 32 | domain`.
    private var sparseCells: [Int: Sums] = [:]
    private var isSparse = false

    /// Most dense cells: 6 MiB of token sums per partial.
    static var denseCellLimit: Int { 1 << 18 }

    init(labels: Int) {
        self.labels = labels
        slots = [Int32](repeating: -1, count: labels)
    }

    /// Calls `body(&cell, row)` for each of `rows` in order, `cell` being the sums of the row's
    /// group (its id in `groups`) and domain (its id in `domains`). Groups not met yet get a slot
    /// on the way.
    @inline(__always)
    mutating func forEach(
        _ rows: UnsafeBufferPointer<Int32>, groups column: UnsafeBufferPointer<StringInterner.ID>,
        domains: UnsafeBufferPointer<StringInterner.ID>, _ body: (inout Sums, Int) -> Void
    ) {
        var next = 0
        while next < rows.count {
            if isSparse {
                for index in next..<rows.count {
                    let row = Int(rows[index])
                    let key = slot(column[row]) << 32 | Int(domains[row])
                    body(&sparseCells[key, default: Sums()], row)
                }
                return
            }
            // Runs until a row of a group without a slot; the test is one well-predicted branch,
            // and the cells can only grow outside the loop that holds their buffer.
            next = slots.withUnsafeBufferPointer { slots in
                cells.withUnsafeMutableBufferPointer { cells in
                    for index in next..<rows.count {
                        let row = Int(rows[index])
                        let slot = Int(slots[Int(column[row])])
                        if slot < 0 { return index }
                        body(&cells[slot &* labels &+ Int(domains[row])], row)
                    }
                    return rows.count
                }
            }
            if next < rows.count { _ = slot(column[Int(rows[next])]) }
        }
    }

    /// Adds the cells of `later`, whose slots may differ.
    mutating func merge(_ later: CellSums) {
        later.forEachCell { laterSlot, domain, sums in
            let slot = slot(later.slotGroups[laterSlot])
            if isSparse {
                sparseCells[slot << 32 | domain, default: Sums()].add(sums)
            } else {
                cells[slot * labels + domain].add(sums)
            }
        }
    }

    /// The groups with rows, in id order (so totals do not depend on the order rows were met in).
    var groups: [StringInterner.ID] { slotGroups.sorted() }

    /// Each group with rows and its sums over every domain, in id order.
    var groupTotals: [(group: StringInterner.ID, sums: Sums)] {
        var totals = [Sums](repeating: Sums(), count: slotGroups.count)
        forEachCell { slot, _, sums in totals[slot].add(sums) }
        return groups.map { ($0, totals[Int(slots[Int($0)])]) }
    }

    /// Each domain with rows, in id order, with its sums and the sums of `adjusted(index, cell)`
    /// over its cells, `index` being the cell's group's index in `groupTotals`.
    func domainTotals(adjusted: (Int, Sums) -> Sums) -> [(domain: StringInterner.ID, sums: Sums, adjusted: Sums)] {
        var indexOfSlot = [Int](repeating: 0, count: slotGroups.count)
        for (index, group) in groups.enumerated() { indexOfSlot[Int(slots[Int(group)])] = index }
        var byDomain: [(domain: Int, index: Int, sums: Sums)] = []
        forEachCell { slot, domain, sums in byDomain.append((domain, indexOfSlot[slot], sums)) }
        // Each domain's cells in group order, as the groups' totals are summed in domain order.
        byDomain.sort { $0.domain != $1.domain ? $0.domain < $1.domain : $0.index < $1.index }
        var totals: [(domain: StringInterner.ID, sums: Sums, adjusted: Sums)] = []
        for cell in byDomain {
            if totals.last?.domain != StringInterner.ID(cell.domain) {
                totals.append((StringInterner.ID(cell.domain), Sums(), Sums()))
            }
            totals[totals.count - 1].sums.add(cell.sums)
            totals[totals.count - 1].adjusted.add(adjusted(cell.index, cell.sums))
        }
        return totals
    }

    /// Calls `body(slot, domain, sums)` for each cell with rows, by slot and then domain.
    private func forEachCell(_ body: (Int, Int, Sums) -> Void) {
        if isSparse {
            for key in sparseCells.keys.sorted() { body(key >> 32, key & 0xFFFF_FFFF, sparseCells[key]!) }
            return
        }
        for slot in slotGroups.indices {
            for domain in 0..<labels where cells[slot * labels + domain].count > 0 {
                body(slot, domain, cells[slot * labels + domain])
            }
        }
    }

    private mutating func slot(_ group: StringInterner.ID) -> Int {
        if slots[Int(group)] >= 0 { return Int(slots[Int(group)]) }
        if !isSparse && (slotGroups.count + 1) * labels > Self.denseCellLimit {
            var sparse: [Int: Sums] = [:]
            forEachCell { slot, domain, sums in sparse[slot << 32 | domain] = sums }
            (sparseCells, cells, isSparse) = (sparse, [], true)
        }
        slots[Int(group)] = Int32(slotGroups.count)
        slotGroups.append(group)
        if !isSparse { cells.append(contentsOf: repeatElement(Sums(), count: labels)) }
        return slotGroups.count - 1
    }
}
