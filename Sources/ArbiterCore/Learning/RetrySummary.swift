/// The report's account of retries (`TaskExecution.isRetry`): per model, how often it succeeded
/// where another model had just failed, beside how often it succeeded on first attempts.
///
/// The two differ by design (a retry gets the tasks another model could not do), which is why
/// they are learned apart and why a fleet retrying on failure wants to see both.
public enum RetrySummary {
    /// A report section: what retries are, then a line per model that has retries, by model in
    /// UTF-8 byte order; nil when nothing has been retried.
    public static func section(firstAttempts: PerformanceTable, retries: PerformanceTable) -> LearningReportSection? {
        let byModel = PerformanceQuery(groupBy: [.model])
        let retried = retries.rows(byModel)
        guard !retried.isEmpty else { return nil }
        let first = Dictionary(uniqueKeysWithValues: firstAttempts.rows(byModel).map { ($0.model, $0) })
        let intro = "Executions with `attempt` 2 or more, learned apart from first attempts; "
            + "`rank_models` with `failed_models` ranks a retry on them."
        return LearningReportSection(title: "Retries", lines: [intro] + retried.map { row in
            "- `\(row.model)`: retries \(count(row)); first attempts " + (first[row.model].map(count) ?? "none")
        })
    }

    /// "41 of 70 succeeded (58.6%)".
    private static func count(_ row: PerformanceRow) -> String {
        let successes = Int((row.successRate * Double(row.totalTasks)).rounded())
        let percent = (row.successRate * 1000).rounded() / 10
        return "\(successes) of \(row.totalTasks) succeeded (\(percent)%)"
    }
}
