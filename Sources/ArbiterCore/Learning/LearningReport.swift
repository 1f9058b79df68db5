/// What one learning run measured and changed: the answer to `run_learning` and the body of `get_report`.
public struct LearningReport: Sendable, Hashable {
    /// The end of every window (Unix ms).
    public var asOfMs: Int64
    /// True when nothing was logged: `adjustments` are what a real run would have logged, without ids.
    public var dryRun: Bool
    public var graduationThreshold: Double
    /// The windows and thresholds the run used (`graduationThreshold` among them).
    public var configuration: LearningConfiguration
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
    /// The verdict of each test running at `asOfMs`, in creation order (the A/B step fills it).
    public var abTests: [AbTestVerdictSummary]

    public static let maximumHistory = 1000

    public init(
        asOfMs: Int64, dryRun: Bool, graduationThreshold: Double, executionsStored: Int,
        tokens: TokenCalibration, values: ValueCalibration, costs: CostEffectiveness,
        adjustments: [Adjustment] = [], valuePerDollar: [ValuePerDollarCell] = [], history: [Adjustment] = [],
        sections: [LearningReportSection] = [], abTests: [AbTestVerdictSummary] = [],
        configuration: LearningConfiguration? = nil
    ) {
        var settings = configuration ?? LearningConfiguration()
        if configuration == nil { settings.graduationThreshold = graduationThreshold }
        self.configuration = settings
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
        self.abTests = abTests
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

    /// The cells of the task types with the most value-per-dollar samples, from every model,
    /// by task type and model in UTF-8 byte order.
    public static func heatMap(_ performance: PerformanceTable) -> [ValuePerDollarCell] {
        var cells: [ValuePerDollarCell] = []
        var samplesByTaskType: [String: Int] = [:]
        performance.forEachCell { model, priority, domain, complexity, aggregate in
            guard aggregate.valuePerDollarCount > 0 else { return }
            let taskType = TaskExecution.taskType(priority: priority, domain: domain, complexity: complexity)
            let row = aggregate.performanceRow()
            cells.append(ValuePerDollarCell(model: model, taskType: taskType, valuePerDollar: row.valuePerDollar, samples: row.valuePerDollarSamples))
            samplesByTaskType[taskType, default: 0] += row.valuePerDollarSamples
        }
        let kept = Set(samplesByTaskType.sorted { $0.value != $1.value ? $0.value > $1.value : ExactString.compare($0.key, $1.key) < 0 }
            .prefix(maximumTaskTypes).map(\.key))
        return cells.filter { kept.contains($0.taskType) }.sorted {
            let order = ExactString.compare($0.taskType, $1.taskType)
            return order != 0 ? order < 0 : ExactString.compare($0.model, $1.model) < 0
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
