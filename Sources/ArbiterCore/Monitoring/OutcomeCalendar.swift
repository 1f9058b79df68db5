/// Executions counted by UTC day, per (model, task type), per model and overall:
/// what the degradation and cost-efficiency rules judge windows of days from.
///
/// Each series is a short array of the days that had executions, oldest first,
/// so a (model, task type) seen on one day costs one entry, not a calendar.
public struct OutcomeCalendar: Sendable {
    public static let dayMs: Int64 = 86_400_000

    /// A (model, task type).
    public struct Key: Sendable, Hashable {
        public var model: String
        public var taskType: String

        public init(model: String, taskType: String) {
            self.model = model
            self.taskType = taskType
        }
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

    public private(set) var byTaskType: [Key: [Day]] = [:]
    public private(set) var byModel: [String: [Day]] = [:]
    public private(set) var overall: [Day] = []
    /// Series that changed since ``takeChanges()``.
    public private(set) var changedTaskTypes: Set<Key> = []
    public private(set) var changedModels: Set<String> = []
    public private(set) var overallChanged = false

    public init() {}

    public static func day(ofMs timestampMs: Int64) -> Int64 {
        timestampMs >= 0 ? timestampMs / dayMs : (timestampMs - dayMs + 1) / dayMs
    }

    /// Counts one execution on its day.
    public mutating func record(_ e: TaskExecution) {
        let day = Self.day(ofMs: e.timestampMs)
        let key = Key(model: e.assignedModel, taskType: e.taskType)
        Self.add(e, day: day, to: &byTaskType[key, default: []])
        Self.add(e, day: day, to: &byModel[e.assignedModel, default: []])
        Self.add(e, day: day, to: &overall)
        changedTaskTypes.insert(key)
        changedModels.insert(e.assignedModel)
        overallChanged = true
    }

    /// The series changed since the last call, which are then marked unchanged.
    public mutating func takeChanges() -> (taskTypes: Set<Key>, models: Set<String>, overall: Bool) {
        defer {
            changedTaskTypes = []
            changedModels = []
            overallChanged = false
        }
        return (changedTaskTypes, changedModels, overallChanged)
    }

    /// Drops days before `firstDay`, and series left empty.
    public mutating func prune(before firstDay: Int64) {
        func trim(_ days: inout [Day]) {
            if let first = days.first, first.day < firstDay {
                days.removeFirst(days.prefix(while: { $0.day < firstDay }).count)
            }
        }
        byTaskType = byTaskType.compactMapValues { days in
            var days = days
            trim(&days)
            return days.isEmpty ? nil : days
        }
        byModel = byModel.compactMapValues { days in
            var days = days
            trim(&days)
            return days.isEmpty ? nil : days
        }
        trim(&overall)
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
