/// What one learning run measured and changed: the answer to `run_learning` and the body of `get_report`.
public struct LearningReport: Sendable, Hashable {
    /// The end of every window (Unix ms).
    public var asOfMs: Int64
    /// True when nothing was logged: `adjustments` are what a real run would have logged, without ids.
    public var dryRun: Bool
    public var graduationThreshold: Double
    /// Executions stored when the run started.
    public var executionsStored: Int
    public var tokens: TokenCalibration
    public var values: ValueCalibration
    public var costs: CostEffectiveness
    /// Adjustments this run logged, in logging order.
    public var adjustments: [Adjustment]
    /// Value per dollar by model and task type, for the heat map.
    public var valuePerDollar: [ValuePerDollarCell]
    /// The adjustment log up to this run, oldest first, for the history chart (at most `maximumHistory`, the newest).
    public var history: [Adjustment]
    /// Sections later batch steps add (A/B tests, alerts), rendered after the built-in ones.
    public var sections: [LearningReportSection]

    public static let maximumHistory = 1000

    public init(
        asOfMs: Int64, dryRun: Bool, graduationThreshold: Double, executionsStored: Int,
        tokens: TokenCalibration, values: ValueCalibration, costs: CostEffectiveness,
        adjustments: [Adjustment] = [], valuePerDollar: [ValuePerDollarCell] = [], history: [Adjustment] = [],
        sections: [LearningReportSection] = []
    ) {
        self.asOfMs = asOfMs
        self.dryRun = dryRun
        self.graduationThreshold = graduationThreshold
        self.executionsStored = executionsStored
        self.tokens = tokens
        self.values = values
        self.costs = costs
        self.adjustments = adjustments
        self.valuePerDollar = valuePerDollar
        self.history = history
        self.sections = sections
    }
}

/// One cell of the value-per-dollar heat map.
public struct ValuePerDollarCell: Sendable, Hashable {
    public var model: String
    public var taskType: String
    /// Mean of value_delivered / actual_cost over executions with both.
    public var valuePerDollar: Double
    /// Executions behind `valuePerDollar`.
    public var samples: Int

    public init(model: String, taskType: String, valuePerDollar: Double, samples: Int) {
        self.model = model
        self.taskType = taskType
        self.valuePerDollar = valuePerDollar
        self.samples = samples
    }

    /// Task types shown in the heat map: those with the most samples.
    public static let maximumTaskTypes = 24

    /// The cells of the task types with the most value-per-dollar samples, from every model.
    public static func heatMap(_ performance: PerformanceTable) -> [ValuePerDollarCell] {
        let rows = performance.rows(PerformanceQuery()).filter { $0.valuePerDollarSamples > 0 }
        var samplesByTaskType: [String: Int] = [:]
        for row in rows { samplesByTaskType["\(row.priority)_\(row.domain)_\(row.complexity)", default: 0] += row.valuePerDollarSamples }
        let kept = Set(samplesByTaskType.sorted { $0.value != $1.value ? $0.value > $1.value : ExactString.compare($0.key, $1.key) < 0 }
            .prefix(maximumTaskTypes).map(\.key))
        return rows.compactMap { row in
            let taskType = "\(row.priority)_\(row.domain)_\(row.complexity)"
            guard kept.contains(taskType) else { return nil }
            return ValuePerDollarCell(model: row.model, taskType: taskType, valuePerDollar: row.valuePerDollar, samples: row.valuePerDollarSamples)
        }
    }
}

/// A titled block of text lines that a later batch step adds to the report.
public struct LearningReportSection: Sendable, Hashable {
    public var title: String
    /// Markdown lines; the HTML report shows them as paragraphs.
    public var lines: [String]

    public init(title: String, lines: [String]) {
        self.title = title
        self.lines = lines
    }
}
