extension PerformanceTable {
    /// The learned performance of `model` on the task's type, or nil before its first execution.
    public func learnedPerformance(model: String, task: TaskDescriptor) -> LearnedPerformance? {
        cell(model: model, priority: task.priority, domain: task.domain, complexity: task.complexity).map(LearnedPerformance.init)
    }
}

extension PerformanceTable.TaskTypePerformance {
    /// The learned performance of `model` on this task type, or nil before its first execution here.
    public func learnedPerformance(model: String) -> LearnedPerformance? {
        cell(model: model).map(LearnedPerformance.init)
    }
}
