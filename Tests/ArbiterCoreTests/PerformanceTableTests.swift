import ArbiterCore
import Testing

@Suite struct PerformanceTableTests {
    static let executions: [TaskExecution] = {
        var generator = ExecutionGenerator(seed: 42)
        return (0..<5000).map { generator.learningExecution(index: $0) }
    }()

    static let table: PerformanceTable = {
        var table = PerformanceTable(alpha: 0.1)
        for e in executions { table.apply(e) }
        return table
    }()

    /// Every non-empty subset of the four dimensions, as bit masks 1...15.
    static let groupings: [Set<Dimension>] = (1...15).map { mask in
        Set(Dimension.allCases.enumerated().filter { mask & (1 << $0.offset) != 0 }.map(\.element))
    }

    /// Groups `executions` the slow way and computes every row directly.
    static func expectedRows(_ query: PerformanceQuery, _ executions: [TaskExecution]) -> [PerformanceRow] {
        let groupBy = query.effectiveGroupBy
        func matches(_ filter: String, _ value: String) -> Bool { filter.isEmpty || filter == value }
        var groups: [[String]: [TaskExecution]] = [:]
        for e in executions
        where matches(query.model, e.assignedModel) && matches(query.priority, e.priority)
            && matches(query.domain, e.domain) && matches(query.complexity, e.complexity)
        {
            let key = [
                groupBy.contains(.model) ? e.assignedModel : "",
                groupBy.contains(.priority) ? e.priority : "",
                groupBy.contains(.domain) ? e.domain : "",
                groupBy.contains(.complexity) ? e.complexity : "",
            ]
            groups[key, default: []].append(e)
        }
        return groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { key in
            DirectPerformance.row(groups[key]!, model: key[0], priority: key[1], domain: key[2], complexity: key[3])
        }
    }

    static func check(_ query: PerformanceQuery, sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = table.rows(query)
        let expected = expectedRows(query, executions)
        #expect(actual.count == expected.count, "\(query)", sourceLocation: sourceLocation)
        for (a, e) in zip(actual, expected) {
            DirectPerformance.expect(a, equals: e, "\(query.effectiveGroupBy.map(\.rawValue).sorted()) \(e.model)/\(e.priority)/\(e.domain)/\(e.complexity)", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: groupings)
    func rollupsEqualDirectComputation(groupBy: Set<Dimension>) {
        Self.check(PerformanceQuery(groupBy: groupBy))
    }

    @Test(arguments: groupings)
    func filteredRollupsEqualDirectComputation(groupBy: Set<Dimension>) {
        Self.check(PerformanceQuery(model: "beta", groupBy: groupBy))
        Self.check(PerformanceQuery(priority: "P1", complexity: "simple", groupBy: groupBy))
        Self.check(PerformanceQuery(model: "alpha", priority: "P3", domain: "data_science", complexity: "medium", groupBy: groupBy))
    }

    @Test func emptyGroupByMeansAllFour() {
        let rows = Self.table.rows(PerformanceQuery())
        #expect(rows == Self.table.rows(PerformanceQuery(groupBy: Set(Dimension.allCases))))
        #expect(rows.count == Self.table.cellCount)
        #expect(rows.map(\.totalTasks).reduce(0, +) == Self.executions.count)
    }

    @Test func runningEstimatesOnlyWhenGroupedByAllFour() {
        for groupBy in Self.groupings {
            let rows = Self.table.rows(PerformanceQuery(groupBy: groupBy))
            #expect(rows.allSatisfy { ($0.running != nil) == (groupBy.count == 4) })
        }
    }

    @Test func runningEstimatesReplayTheSeedPerCell() {
        for row in Self.table.rows(PerformanceQuery()) {
            let cell = Self.executions.filter {
                $0.assignedModel == row.model && $0.priority == row.priority && $0.domain == row.domain && $0.complexity == row.complexity
            }
            let expected = DirectPerformance.running(cell, alpha: 0.1)
            DirectPerformance.expect(row.running!, equals: expected, "\(row.model)/\(row.priority)/\(row.domain)/\(row.complexity)")
            let lookedUp = Self.table.cell(model: row.model, priority: row.priority, domain: row.domain, complexity: row.complexity)
            #expect(lookedUp?.running == row.running)
            #expect(lookedUp.map { $0.aggregate.performanceRow(model: row.model, priority: row.priority, domain: row.domain, complexity: row.complexity, running: $0.running) } == row)
        }
    }

    @Test func unknownFilterValuesMatchNothing() {
        #expect(Self.table.rows(PerformanceQuery(model: "nobody")).isEmpty)
        #expect(Self.table.rows(PerformanceQuery(domain: "backend", groupBy: [.model, .complexity, .priority, .domain, .model])).count > 0)
        #expect(Self.table.rows(PerformanceQuery(priority: "p1")).isEmpty, "filters are case-sensitive")
        #expect(Self.table.cell(model: "alpha", priority: "P9", domain: "backend", complexity: "simple") == nil)
    }

    @Test func counts() {
        #expect(Self.table.modelCount == 3)
        #expect(Self.table.taskTypeCount == 4 * 3 * 4)
        #expect(Self.table.cellCount == 3 * 4 * 3 * 4)
        #expect(PerformanceTable().cellCount == 0)
    }

    @Test func rowsSortByUTF8BytesAndKeepEverySpelling() {
        var table = PerformanceTable()
        for (i, model) in ["b", "é", "e\u{301}", "Z", "a", "ab", ""].enumerated() {
            table.apply(TaskExecution(executionID: "\(i)", taskID: "t", priority: "P", domain: "d", complexity: "c", assignedModel: model, qualityScore: Double(i)))
        }
        let models = table.rows(PerformanceQuery(groupBy: [.model])).map(\.model)
        // "é" (C3 A9) sorts after "e\u{301}" (65 CC 81); canonical equivalence must not merge them.
        #expect(models.map { Array($0.utf8) } == ["", "Z", "a", "ab", "b", "e\u{301}", "é"].map { Array($0.utf8) })
        #expect(table.modelCount == 7)
        #expect(table.cell(model: "é", priority: "P", domain: "d", complexity: "c")?.aggregate.qualityMean == 1)
        #expect(table.cell(model: "e\u{301}", priority: "P", domain: "d", complexity: "c")?.aggregate.qualityMean == 2)
        #expect(table.rows(PerformanceQuery(model: "é")).count == 1)
    }

    @Test func taskTypesAreTriplesEvenWhenTheirJoinedNamesCollide() {
        var table = PerformanceTable()
        table.apply(TaskExecution(executionID: "1", taskID: "t", priority: "a_b", domain: "c", complexity: "d", assignedModel: "m"))
        table.apply(TaskExecution(executionID: "2", taskID: "t", priority: "a", domain: "b_c", complexity: "d", assignedModel: "m"))
        table.apply(TaskExecution(executionID: "3", taskID: "t", priority: "a", domain: "b_c", complexity: "d", assignedModel: "n"))
        #expect(table.taskTypeCount == 2)
        #expect(table.modelCount == 2)
        #expect(table.cellCount == 3)
    }

    @Test func alphaIsConfigurable() {
        var table = PerformanceTable(alpha: 0.5)
        for (i, q) in [2.0, 6.0].enumerated() {
            table.apply(TaskExecution(executionID: "\(i)", taskID: "t", priority: "P", domain: "d", complexity: "c", assignedModel: "m", qualityScore: q))
        }
        #expect(table.alpha == 0.5)
        #expect(table.cell(model: "m", priority: "P", domain: "d", complexity: "c")?.running.avgQualityScore == 4)
    }
}
