/// Executions counted by UTC day, per (model, task type), per model and overall:
/// what the degradation and cost-efficiency rules judge windows of days from.
///
/// Each series is a short array of the days that had executions, oldest first,
/// so a (model, task type) seen on one day costs one entry, not a calendar.
public struct OutcomeCalendar: Sendable {
    public static let dayMs: Int64 = 86_400_000

    /// A (model, task type), kept as the labels: recording an execution hashes
    /// them as they arrived, and ``taskType`` is built once per series (to order
    /// the findings) and for an alert, never per execution.
    public struct Key: Sendable, Hashable {
        public var model: String
        public var priority: String
        public var domain: String
        public var complexity: String

        public init(model: String, priority: String, domain: String, complexity: String) {
            self.model = model
            self.priority = priority
            self.domain = domain
            self.complexity = complexity
        }

        /// The key of an execution's (model, task type).
        public init(_ e: TaskExecution) {
            self.init(model: e.assignedModel, priority: e.priority, domain: e.domain, complexity: e.complexity)
        }

        /// `"{priority}_{domain}_{complexity}"`, as ``TaskExecution/taskType``.
        public var taskType: String { TaskExecution.taskType(priority: priority, domain: domain, complexity: complexity) }
    }

    /// One UTC day's executions.
    public struct Day: Sendable, Hashable {
        /// Days since the Unix epoch.
        public var day: Int64
        public var tasks: Int = 0
        public var successes: Int = 0
        /// Sum and count of value_delivered / actual_cost over executions with a value and a positive cost.
        public var valuePerDollarSum: Double = 0
        public var valuePerDollarCount: Int = 0

        public init(day: Int64, tasks: Int = 0, successes: Int = 0, valuePerDollarSum: Double = 0, valuePerDollarCount: Int = 0) {
            self.day = day
            self.tasks = tasks
            self.successes = successes
            self.valuePerDollarSum = valuePerDollarSum
            self.valuePerDollarCount = valuePerDollarCount
        }

        mutating func add(_ e: TaskExecution) {
            tasks += 1
            if e.success { successes += 1 }
            if let value = e.valueDelivered, e.actualCost > 0 {
                valuePerDollarSum += value / e.actualCost
                valuePerDollarCount += 1
            }
        }
    }

    /// One series: its days, and whether it changed since ``takeChanges()``.
    struct Series: Sendable {
        var days: [Day] = []
        var changed = false
        /// The task type name of a (model, task type) series, made when the series is; empty for the others.
        var taskType = ""
    }

    private var taskTypes: [Key: Series] = [:]
    private var models: [String: Series] = [:]
    public private(set) var overall: [Day] = []
    // The series that changed, listed as they first change: a flag in the series and a list
    // cost one hash per execution and series, where sets cost two.
    private var changedTaskTypes: [Key] = []
    private var changedModels: [String] = []
    private var overallChanged = false

    public init() {}

    public static func day(ofMs timestampMs: Int64) -> Int64 {
        timestampMs >= 0 ? timestampMs / dayMs : (timestampMs - dayMs + 1) / dayMs
    }

    /// The days of a (model, task type), oldest first; nil when it has none.
    public func days(of key: Key) -> [Day]? { taskTypes[key]?.days }

    /// The days of a model over all its task types, oldest first; nil when it has none.
    public func days(ofModel model: String) -> [Day]? { models[model]?.days }

    /// Every (model, task type) with its task type name.
    public var taskTypeNames: [(key: Key, taskType: String)] { taskTypes.map { ($0.key, $0.value.taskType) } }
    public var modelNames: [String] { Array(models.keys) }
    public var seriesCount: Int { taskTypes.count + models.count + (overall.isEmpty ? 0 : 1) }

    /// Counts one execution on its day.
    public mutating func record(_ e: TaskExecution) {
        let day = Self.day(ofMs: e.timestampMs)
        let key = Key(e)
        if Self.add(e, day: day, to: &taskTypes[key, default: Series(taskType: key.taskType)]) { changedTaskTypes.append(key) }
        if Self.add(e, day: day, to: &models[e.assignedModel, default: Series()]) { changedModels.append(e.assignedModel) }
        Self.add(e, day: day, to: &overall)
        overallChanged = true
    }

    /// The series changed since the last call (a (model, task type) with its task type name),
    /// which are then marked unchanged.
    public mutating func takeChanges() -> (taskTypes: [(key: Key, taskType: String)], models: [String], overall: Bool) {
        defer {
            changedTaskTypes = []
            changedModels = []
            overallChanged = false
        }
        var changed: [(key: Key, taskType: String)] = []
        changed.reserveCapacity(changedTaskTypes.count)
        for key in changedTaskTypes {
            guard let index = taskTypes.index(forKey: key) else { continue }
            taskTypes.values[index].changed = false
            changed.append((key, taskTypes.values[index].taskType))
        }
        for model in changedModels { models[model]?.changed = false }
        return (changed, changedModels, overallChanged)
    }

    /// Drops days before `firstDay`, and series left empty.
    public mutating func prune(before firstDay: Int64) {
        func trim(_ days: inout [Day]) {
            if let first = days.first, first.day < firstDay {
                days.removeFirst(days.prefix(while: { $0.day < firstDay }).count)
            }
        }
        // In place, so the keys are hashed again only when a series is left empty. (Walking
        // `series.indices` would hold the storage and make the first change copy it.)
        func prune<Label>(_ series: inout [Label: Series]) {
            var emptied = false
            var index = series.startIndex
            while index != series.endIndex {
                trim(&series.values[index].days)
                emptied = emptied || series.values[index].days.isEmpty
                series.formIndex(after: &index)
            }
            if emptied { series = series.filter { !$0.value.days.isEmpty } }
        }
        prune(&taskTypes)
        prune(&models)
        trim(&overall)
    }

    /// Adds to a series; true when the series was unchanged until now.
    private static func add(_ e: TaskExecution, day: Int64, to series: inout Series) -> Bool {
        add(e, day: day, to: &series.days)
        let first = !series.changed
        series.changed = true
        return first
    }

    /// Executions mostly arrive in time order, so the day is found from the end.
    private static func add(_ e: TaskExecution, day: Int64, to days: inout [Day]) {
        var index = days.endIndex
        while index > days.startIndex, days[index - 1].day > day { index -= 1 }
        if index > days.startIndex, days[index - 1].day == day {
            days[index - 1].add(e)
        } else {
            var entry = Day(day: day)
            entry.add(e)
            days.insert(entry, at: index)
        }
    }
}
