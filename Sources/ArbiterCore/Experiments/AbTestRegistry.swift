/// Every A/B test the server knows, in creation order, and the assignment of tasks to them.
public struct AbTestRegistry: Sendable, Hashable {
    public private(set) var tests: [AbTest] = []
    private var positions: [String: Int] = [:]

    public init(_ tests: [AbTest] = []) {
        for test in tests { upsert(test) }
    }

    public var isEmpty: Bool { tests.isEmpty }

    public func test(id: String) -> AbTest? {
        positions[id].map { tests[$0] }
    }

    /// Adds a test, or replaces the one with its id (a stop or graduation; a replayed record).
    public mutating func upsert(_ test: AbTest) {
        if let position = positions[test.testID] {
            tests[position] = test
        } else {
            positions[test.testID] = tests.count
            tests.append(test)
        }
    }

    /// The variant and strategy for a task: the first running test (by start date, then creation)
    /// whose criteria it matches; else `production` with the strategy of the latest graduated test
    /// whose criteria it matches, if any.
    ///
    /// - Parameter candidates: The request's candidates or every enabled model; asked only when a
    ///   test has model criteria.
    public func assignment(for task: TaskDescriptor, nowMs: Int64, candidates: () -> [String]) -> AbAssignment {
        guard !tests.isEmpty else { return .production }
        var names: [String]?
        func matches(_ test: AbTest) -> Bool {
            if test.criteria.models.isEmpty { return test.criteria.matches(task, candidates: []) }
            if names == nil { names = candidates() }
            return test.criteria.matches(task, candidates: names ?? [])
        }
        var chosen: AbTest?
        for test in tests where test.isRunning(atMs: nowMs) && (chosen.map { test.startMs < $0.startMs } ?? true) && matches(test) {
            chosen = test
        }
        if let chosen {
            let variant = chosen.variant(forTask: task.taskID)
            return AbAssignment(testID: chosen.testID, variant: variant.rawValue, strategy: chosen.strategy(variant))
        }
        var graduated: AbTest?
        for test in tests where test.status == .graduated && (graduated.map { test.stoppedMs >= $0.stoppedMs } ?? true) && matches(test) {
            graduated = test
        }
        if let graduated, let variant = graduated.graduatedVariant {
            return AbAssignment(testID: "", variant: AbVariant.production, strategy: graduated.strategy(variant))
        }
        return .production
    }
}

/// Where a task falls: the test and variant to record on its execution, and the strategy to apply.
public struct AbAssignment: Sendable, Hashable {
    /// Empty when no running test matches.
    public var testID: String
    /// control, treatment or production.
    public var variant: String
    /// The variant's strategy, or for production a graduated one; nil: the catalog as it is.
    public var strategy: AbStrategy?

    public init(testID: String, variant: String, strategy: AbStrategy?) {
        self.testID = testID
        self.variant = variant
        self.strategy = strategy
    }

    public static let production = AbAssignment(testID: "", variant: AbVariant.production, strategy: nil)
}
