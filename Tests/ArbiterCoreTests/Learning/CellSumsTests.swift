@testable import ArbiterCore
import Testing

/// Cell sums against totals taken directly, dense (few groups) and sparse (groups × labels past
/// the dense limit, as thousands of distinct complexities make them), in one range and merged.
@Suite struct CellSumsTests {
    struct Sums: CellSum, Equatable {
        var count = 0
        var total = 0.0

        mutating func add(_ other: Sums) {
            count += other.count
            total += other.total
        }
    }

    /// Rows 0..<count: group `row * 7 % groups`, domain `row * 13 % labels`, value `row % 10`.
    static func check(groups: Int, labels: Int, count: Int) {
        let groupColumn = (0..<count).map { StringInterner.ID($0 * 7 % groups) }
        let domainColumn = (0..<count).map { StringInterner.ID($0 * 13 % labels) }
        func sums(_ rows: Range<Int>) -> CellSums<Sums> {
            var cells = CellSums<Sums>(labels: labels)
            let selected = rows.map { Int32($0) }
            selected.withUnsafeBufferPointer { selected in
                groupColumn.withUnsafeBufferPointer { groupColumn in
                    domainColumn.withUnsafeBufferPointer { domainColumn in
                        cells.forEach(selected, groups: groupColumn, domains: domainColumn) { cell, row in
                            cell.count += 1
                            cell.total += Double(row % 10)
                        }
                    }
                }
            }
            return cells
        }
        var byGroup: [StringInterner.ID: Sums] = [:]
        var byDomain: [StringInterner.ID: Sums] = [:]
        for row in 0..<count {
            byGroup[groupColumn[row], default: Sums()].add(Sums(count: 1, total: Double(row % 10)))
            byDomain[domainColumn[row], default: Sums()].add(Sums(count: 1, total: Double(row % 10)))
        }
        var merged = sums(0..<count / 3)
        merged.merge(sums(count / 3..<count))
        for cells in [sums(0..<count), merged] {
            #expect(cells.groupTotals.map(\.group) == byGroup.keys.sorted())
            #expect(cells.groupTotals.allSatisfy { $0.sums == byGroup[$0.group] })
            let domains = cells.domainTotals { _, cell in cell }
            #expect(domains.map(\.domain) == byDomain.keys.sorted())
            #expect(domains.allSatisfy { $0.sums == byDomain[$0.domain] && $0.adjusted == $0.sums })
        }
    }

    @Test func denseCellsTotalAsCountedDirectly() {
        Self.check(groups: 3, labels: 50, count: 5000)
    }

    @Test func sparseCellsPastTheDenseLimitTotalAsCountedDirectly() {
        #expect(700 * 1000 > CellSums<Sums>.denseCellLimit)
        Self.check(groups: 700, labels: 1000, count: 20_000)
    }
}
