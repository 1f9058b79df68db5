/// Learned performance per (model, priority, domain, complexity) cell.
///
/// Labels are matched by their UTF-8 bytes, so canonically equivalent spellings stay in
/// separate cells, as they would for a client in any other language.
public struct PerformanceTable: Sendable {
    /// The weight of each new execution in the running estimates.
    public let alpha: Double

    fileprivate struct CellKey: Hashable, Sendable {
        var model: ExactString
        var priority: ExactString
        var domain: ExactString
        var complexity: ExactString
    }

    fileprivate struct TaskTypeKey: Hashable, Sendable {
        var priority: ExactString
        var domain: ExactString
        var complexity: ExactString
    }

    fileprivate struct Cell: Sendable {
        var key: CellKey
        /// Creation order, which makes rollups merge in a reproducible order.
        var sequence: Int
        var aggregate = PerformanceAggregate()
        var running = RunningEstimates()
    }

    /// Cells by task type, spread over shards that are separate dictionaries.
    ///
    /// The server publishes copies of this table to its ranking path after
    /// every write. A copy is free until the next write, which then copies
    /// only the one shard it touches (1/64 of the table), not all of it.
    private var shards = [[TaskTypeKey: [Cell]]](repeating: [:], count: PerformanceTable.shardCount)
    private var models: Set<ExactString> = []
    public private(set) var taskTypeCount = 0
    public private(set) var cellCount = 0
    private static let shardCount = 64

    public init(alpha: Double = 0.1) {
        precondition(alpha > 0 && alpha <= 1, "alpha must be in (0, 1]")
        self.alpha = alpha
    }

    /// Distinct models with at least one execution.
    public var modelCount: Int { models.count }

    /// Learns from one validated execution; call in arrival order.
    public mutating func apply(_ e: TaskExecution) {
        let model = ExactString(e.assignedModel)
        let taskType = TaskTypeKey(priority: ExactString(e.priority), domain: ExactString(e.domain), complexity: ExactString(e.complexity))
        let shard = Self.shard(of: taskType)
        let created = Self.apply(e, to: &shards[shard][taskType, default: []], model: model, taskType: taskType, sequence: cellCount, alpha: alpha)
        if created.cell {
            cellCount += 1
            models.insert(model)
            if created.taskType { taskTypeCount += 1 }
        }
    }

    /// Applies `e` to its model's cell among one task type's `cells`, in place.
    private static func apply(
        _ e: TaskExecution, to cells: inout [Cell], model: ExactString, taskType: TaskTypeKey, sequence: Int, alpha: Double
    ) -> (cell: Bool, taskType: Bool) {
        var created = (cell: false, taskType: cells.isEmpty)
        let index: Int
        if let existing = cells.firstIndex(where: { $0.key.model == model }) {
            index = existing
        } else {
            created.cell = true
            index = cells.count
            cells.append(Cell(
                key: CellKey(model: model, priority: taskType.priority, domain: taskType.domain, complexity: taskType.complexity),
                sequence: sequence))
        }
        cells[index].running.update(with: e, alpha: alpha, costEfficiencyObserved: cells[index].aggregate.valuePerDollarCount > 0)
        cells[index].aggregate.add(e)
        return created
    }

    /// The statistics of one cell, or nil when it has no executions.
    public func cell(model: String, priority: String, domain: String, complexity: String)
        -> (aggregate: PerformanceAggregate, running: RunningEstimates)?
    {
        taskType(priority: priority, domain: domain, complexity: complexity)?.cell(model: model)
    }

    /// The cells of one task type, found with a single hash lookup; ranking asks
    /// it for each candidate model.
    public func taskType(priority: String, domain: String, complexity: String) -> TaskTypePerformance? {
        let key = TaskTypeKey(priority: ExactString(priority), domain: ExactString(domain), complexity: ExactString(complexity))
        return shards[Self.shard(of: key)][key].map { TaskTypePerformance(cells: $0) }
    }

    /// Every cell's statistics for one task type, by model.
    public struct TaskTypePerformance: Sendable {
        fileprivate let cells: [Cell]

        /// The statistics of `model` on this task type, or nil before its first execution here.
        public func cell(model: String) -> (aggregate: PerformanceAggregate, running: RunningEstimates)? {
            index(of: model).map { (cells[$0].aggregate, cells[$0].running) }
        }

        /// `model`'s exact statistics here, without the running estimates: what greedy and Thompson ranking read.
        func aggregate(model: String) -> PerformanceAggregate? {
            index(of: model).map { cells[$0].aggregate }
        }

        /// `model`'s running estimates here: what `seed_compat` ranking reads.
        func running(model: String) -> RunningEstimates? {
            index(of: model).map { cells[$0].running }
        }

        private func index(of model: String) -> Int? {
            // By index: `first(where:)` would copy every cell it tests (some 300 bytes and
            // four string retains each), and ranking asks this for every candidate. The
            // name's bytes are fetched once, not once per cell compared.
            ExactString.withBytes(of: model) { wanted in
                for index in cells.indices where cells[index].key.model.string.utf8.count == wanted.count {
                    if ExactString.withBytes(of: cells[index].key.model.string, { ExactString.equal($0, wanted) }) {
                        return index
                    }
                }
                return nil
            }
        }
    }

    /// Calls `body` with every cell's labels and exact aggregate, in no particular order.
    ///
    /// Cheaper than `rows(_:)` when the caller neither filters nor needs an order.
    public func forEachCell(_ body: (_ model: String, _ priority: String, _ domain: String, _ complexity: String, PerformanceAggregate) -> Void) {
        for shard in shards {
            for cells in shard.values {
                for cell in cells {
                    body(cell.key.model.string, cell.key.priority.string, cell.key.domain.string, cell.key.complexity.string, cell.aggregate)
                }
            }
        }
    }

    private static func shard(of key: TaskTypeKey) -> Int {
        key.hashValue & (shardCount - 1)
    }

    /// Every cell, in creation order.
    private var cellsInCreationOrder: [Cell] {
        var all: [Cell] = []
        all.reserveCapacity(cellCount)
        for shard in shards {
            for cells in shard.values { all.append(contentsOf: cells) }
        }
        all.sort { $0.sequence < $1.sequence }
        return all
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

        let cells = cellsInCreationOrder
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

