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
/// complexities or priorities hold a row of cells, not every interned string.
struct CellSums<Sums: CellSum>: Sendable {
    /// The store's label count: cells of one group, by domain id.
    let labels: Int
    /// The group ids met, in order of meeting.
    private var slotGroups: [StringInterner.ID] = []
    /// By group id: its slot, or -1 when not met.
    private var slots: [Int32]
    /// Slot `s`'s cells are `cells[s * labels ..< (s + 1) * labels]`.
    private var cells: [Sums] = []

    init(labels: Int) {
        self.labels = labels
        slots = [Int32](repeating: -1, count: labels)
    }

    /// Calls `body(cells, base, row)` for each of `rows` in order, `base` being the index of the
    /// cell of the row's group (its id in `column`) and domain 0: add the domain id to it.
    /// Groups not met yet get a slot on the way.
    @inline(__always)
    mutating func forEach(
        _ rows: UnsafeBufferPointer<Int32>, groups column: UnsafeBufferPointer<StringInterner.ID>,
        _ body: (UnsafeMutableBufferPointer<Sums>, Int, Int) -> Void
    ) {
        var next = 0
        while next < rows.count {
            // Runs until a row of a group without a slot; the test is one well-predicted branch,
            // and the cells can only grow outside the loop that holds their buffer.
            next = slots.withUnsafeBufferPointer { slots in
                cells.withUnsafeMutableBufferPointer { cells in
                    for index in next..<rows.count {
                        let row = Int(rows[index])
                        let slot = Int(slots[Int(column[row])])
                        if slot < 0 { return index }
                        body(cells, slot &* labels, row)
                    }
                    return rows.count
                }
            }
            if next < rows.count { _ = slot(column[Int(rows[next])]) }
        }
    }

    /// Adds the cells of `later`, whose slots may differ.
    mutating func merge(_ later: CellSums) {
        for (laterSlot, group) in later.slotGroups.enumerated() {
            let base = slot(group) * labels
            let laterBase = laterSlot * labels
            for domain in 0..<labels { cells[base + domain].add(later.cells[laterBase + domain]) }
        }
    }

    /// The groups with rows, in id order (so totals do not depend on the order rows were met in).
    var groups: [StringInterner.ID] { slotGroups.sorted() }

    /// Each group with rows and its sums over every domain, in id order.
    var groupTotals: [(group: StringInterner.ID, sums: Sums)] {
        groups.map { group in
            let base = Int(slots[Int(group)]) * labels
            var total = Sums()
            for domain in 0..<labels { total.add(cells[base + domain]) }
            return (group, total)
        }
    }

    /// Each domain with rows, in id order, with its sums and the sums of `adjusted(index, cell)`
    /// over its cells, `index` being the cell's group's index in `groupTotals`.
    func domainTotals(adjusted: (Int, Sums) -> Sums) -> [(domain: StringInterner.ID, sums: Sums, adjusted: Sums)] {
        let slotsInOrder = groups.map { Int(slots[Int($0)]) }
        return (0..<labels).compactMap { domain in
            var total = Sums()
            var adjustedTotal = Sums()
            for (index, slot) in slotsInOrder.enumerated() {
                let cell = cells[slot * labels + domain]
                total.add(cell)
                adjustedTotal.add(adjusted(index, cell))
            }
            return total.count > 0 ? (StringInterner.ID(domain), total, adjustedTotal) : nil
        }
    }

    private mutating func slot(_ group: StringInterner.ID) -> Int {
        if slots[Int(group)] >= 0 { return Int(slots[Int(group)]) }
        slots[Int(group)] = Int32(slotGroups.count)
        slotGroups.append(group)
        cells.append(contentsOf: repeatElement(Sums(), count: labels))
        return slotGroups.count - 1
    }
}
