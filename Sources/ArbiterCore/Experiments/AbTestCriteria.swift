/// Which tasks an A/B test applies to; an empty list matches everything.
public struct AbTestCriteria: Sendable, Hashable {
    public var priorities: [String]
    public var domains: [String]
    public var complexities: [String]
    /// The task matches when one of these models is among its candidates.
    public var models: [String]

    public init(priorities: [String] = [], domains: [String] = [], complexities: [String] = [], models: [String] = []) {
        self.priorities = priorities
        self.domains = domains
        self.complexities = complexities
        self.models = models
    }

    /// - Parameter candidates: The request's candidates, or every enabled model when it names none.
    public func matches(_ task: TaskDescriptor, candidates: [String]) -> Bool {
        func contains(_ list: [String], _ value: String) -> Bool {
            list.isEmpty || list.contains { $0.utf8.elementsEqual(value.utf8) }
        }
        guard contains(priorities, task.priority), contains(domains, task.domain), contains(complexities, task.complexity) else {
            return false
        }
        return models.isEmpty || candidates.contains { candidate in models.contains { $0.utf8.elementsEqual(candidate.utf8) } }
    }
}
