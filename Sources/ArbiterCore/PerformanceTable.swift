/// Learned performance per (model, priority, domain, complexity) cell.
///
/// Labels are matched by their UTF-8 bytes, so canonically equivalent spellings stay in
/// separate cells, as they would for a client in any other language.
public struct PerformanceTable: Sendable {
    /// The weight of each new execution in the running estimates.
    public let alpha: Double

    private struct CellKey: Hashable, Sendable {
        var model: ExactString
        var priority: ExactString
        var domain: ExactString
        var complexity: ExactString
    }

    private struct TaskTypeKey: Hashable, Sendable {
        var priority: ExactString
        var domain: ExactString
        var complexity: ExactString
    }

    private struct Cell: Sendable {
        var key: CellKey
        var aggregate = PerformanceAggregate()
        var running = RunningEstimates()
    }

    /// In creation order, which makes rollups merge in a reproducible order.
    private var cells: [Cell] = []
    private var cellIndex: [CellKey: Int] = [:]
    private var models: Set<ExactString> = []
    private var taskTypes: Set<TaskTypeKey> = []

    public init(alpha: Double = 0.1) {
        precondition(alpha > 0 && alpha <= 1, "alpha must be in (0, 1]")
        self.alpha = alpha
    }

    /// Distinct models with at least one execution.
    public var modelCount: Int { models.count }
    /// Distinct (priority, domain, complexity) triples with at least one execution.
    public var taskTypeCount: Int { taskTypes.count }
    public var cellCount: Int { cells.count }

    /// Learns from one validated execution; call in arrival order.
    public mutating func apply(_ e: TaskExecution) {
        let key = CellKey(
            model: ExactString(e.assignedModel),
            priority: ExactString(e.priority),
            domain: ExactString(e.domain),
            complexity: ExactString(e.complexity)
        )
        let index: Int
        if let existing = cellIndex[key] {
            index = existing
        } else {
            index = cells.count
            cells.append(Cell(key: key))
            cellIndex[key] = index
            models.insert(key.model)
            taskTypes.insert(TaskTypeKey(priority: key.priority, domain: key.domain, complexity: key.complexity))
        }
        cells[index].running.update(
            with: e,
            alpha: alpha,
            costEfficiencyObserved: cells[index].aggregate.valuePerDollarCount > 0
        )
        cells[index].aggregate.add(e)
    }

    /// The statistics of one cell, or nil when it has no executions.
    public func cell(model: String, priority: String, domain: String, complexity: String)
        -> (aggregate: PerformanceAggregate, running: RunningEstimates)?
    {
        let key = CellKey(
            model: ExactString(model),
            priority: ExactString(priority),
            domain: ExactString(domain),
            complexity: ExactString(complexity)
        )
        guard let index = cellIndex[key] else { return nil }
        return (cells[index].aggregate, cells[index].running)
    }

    /// Rows for `query`: cells filtered by its non-empty fields, merged per group.
    ///
    /// Keys of dimensions not grouped by are empty. Rows are sorted by (model, priority, domain,
    /// complexity) in UTF-8 byte order; `running` is set only when grouping by all four.
    public func rows(_ query: PerformanceQuery) -> [PerformanceRow] {
        let groupBy = query.effectiveGroupBy
        let byModel = groupBy.contains(.model)
        let byPriority = groupBy.contains(.priority)
        let byDomain = groupBy.contains(.domain)
        let byComplexity = groupBy.contains(.complexity)
        let everyDimension = byModel && byPriority && byDomain && byComplexity

        let modelFilter = ExactString(query.model)
        let priorityFilter = ExactString(query.priority)
        let domainFilter = ExactString(query.domain)
        let complexityFilter = ExactString(query.complexity)
        let empty = ExactString("")

        var rows: [PerformanceRow] = []
        if everyDimension {
            for cell in cells where Self.matches(cell.key, modelFilter, priorityFilter, domainFilter, complexityFilter) {
                rows.append(cell.aggregate.performanceRow(
                    model: cell.key.model.string,
                    priority: cell.key.priority.string,
                    domain: cell.key.domain.string,
                    complexity: cell.key.complexity.string,
                    running: cell.running
                ))
            }
        } else {
            var groupIndex: [CellKey: Int] = [:]
            var groups: [(key: CellKey, aggregate: PerformanceAggregate)] = []
            for cell in cells where Self.matches(cell.key, modelFilter, priorityFilter, domainFilter, complexityFilter) {
                let key = CellKey(
                    model: byModel ? cell.key.model : empty,
                    priority: byPriority ? cell.key.priority : empty,
                    domain: byDomain ? cell.key.domain : empty,
                    complexity: byComplexity ? cell.key.complexity : empty
                )
                if let index = groupIndex[key] {
                    groups[index].aggregate.merge(cell.aggregate)
                } else {
                    groupIndex[key] = groups.count
                    groups.append((key, cell.aggregate))
                }
            }
            rows.reserveCapacity(groups.count)
            for group in groups {
                rows.append(group.aggregate.performanceRow(
                    model: group.key.model.string,
                    priority: group.key.priority.string,
                    domain: group.key.domain.string,
                    complexity: group.key.complexity.string
                ))
            }
        }
        rows.sort(by: Self.precedes)
        return rows
    }

    private static func matches(
        _ key: CellKey,
        _ model: ExactString,
        _ priority: ExactString,
        _ domain: ExactString,
        _ complexity: ExactString
    ) -> Bool {
        (model.string.isEmpty || key.model == model)
            && (priority.string.isEmpty || key.priority == priority)
            && (domain.string.isEmpty || key.domain == domain)
            && (complexity.string.isEmpty || key.complexity == complexity)
    }

    private static func precedes(_ a: PerformanceRow, _ b: PerformanceRow) -> Bool {
        var order = ExactString.compare(a.model, b.model)
        if order == 0 { order = ExactString.compare(a.priority, b.priority) }
        if order == 0 { order = ExactString.compare(a.domain, b.domain) }
        if order == 0 { order = ExactString.compare(a.complexity, b.complexity) }
        return order < 0
    }
}
