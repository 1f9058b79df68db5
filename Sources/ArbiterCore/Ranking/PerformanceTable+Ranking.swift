extension PerformanceTable {
    /// The learned performance of `model` on the task's type, or nil before its first execution.
    public func learnedPerformance(model: String, task: TaskDescriptor) -> LearnedPerformance? {
        cell(model: model, priority: task.priority, domain: task.domain, complexity: task.complexity).map(LearnedPerformance.init)
    }
}
