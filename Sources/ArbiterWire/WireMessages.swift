public import ArbiterCore

/// One call, as carried by `arbiter.v1.Request`.
public struct WireRequest: Sendable, Hashable {
    public var requestID: UInt64
    public var method: Method

    public enum Method: Sendable, Hashable {
        case recordExecution(TaskExecution)
        case recordExecutions([TaskExecution])
        case getPerformance(PerformanceQuery)
        case getStatus
        case listModels
        /// An empty path reloads the current catalog file.
        case reloadCatalog(path: String)
        case estimateTask(task: TaskDescriptor, candidates: [String])
        case rankModels(RankingRequest)
        /// An empty model means every subscription model.
        case getSubscriptionUsage(model: String)

        // Learning batch (learning.proto).
        case runLearning(LearningRequest)
        case listAdjustments(AdjustmentFilter)
        case applyAdjustment(id: String)
        case rejectAdjustment(id: String)
        case getParameters
        case getReport(ReportRequest)
        // A/B testing (WireMessages+AbTesting.swift).
        case createAbTest(AbTest)
        case getAbTest(testID: String)
        case listAbTests
        case stopAbTest(testID: String)
        case assignVariant(task: TaskDescriptor, candidates: [String])
        case analyzeAbTest(testID: String)
        case graduateAbTest(testID: String)
        case abStatistics(AbStatisticsQuery)
        case listAlerts(AlertQuery)
    }

    public init(requestID: UInt64, method: Method) {
        self.requestID = requestID
        self.method = method
    }
}

/// One answer, as carried by `arbiter.v1.Response`.
public struct WireResponse: Sendable, Hashable {
    public var requestID: UInt64
    public var result: Result<Payload, ArbiterError>

    public enum Payload: Sendable, Hashable {
        case recordExecution(RecordOutcome)
        case recordExecutions(BatchOutcome)
        case getPerformance([PerformanceRow])
        case getStatus(ServerStatus)
        case listModels(CatalogSummary)
        case reloadCatalog(CatalogSummary)
        case estimateTask(EstimationResult)
        case rankModels(RankingResult)
        case getSubscriptionUsage([SubscriptionUsage])

        // Learning batch (learning.proto).
        case runLearning(LearningReport)
        case listAdjustments([Adjustment])
        case applyAdjustment(Adjustment)
        case rejectAdjustment(Adjustment)
        case getParameters([EffectiveParameter])
        case getReport(ReportDocument)
        // A/B testing (WireMessages+AbTesting.swift).
        case createAbTest(AbTest)
        case getAbTest(AbTest)
        case listAbTests([AbTest])
        case stopAbTest(AbTest)
        case assignVariant(AbVariantAssignment)
        case analyzeAbTest(AbTestAnalysis)
        case graduateAbTest(test: AbTest, analysis: AbTestAnalysis)
        case abStatistics(AbStatisticsResult)
        case listAlerts(AlertPage)
    }

    public init(requestID: UInt64, result: Result<Payload, ArbiterError>) {
        self.requestID = requestID
        self.result = result
    }
}

/// What `get_status` reports.
public struct ServerStatus: Sendable, Hashable {
    public var version: String = ""
    public var uptimeSeconds: Double = 0
    public var executionsStored: Int = 0
    public var models: Int = 0
    public var taskTypes: Int = 0
    public var stateDirectory: String = ""
    public var snapshotSequence: UInt64 = 0
    public var snapshotTimeMs: Int64 = 0
    public var walBytes: UInt64 = 0
    public var fsyncMode: String = ""
    /// The alert stream's PUB endpoint as bound; empty when the server has none.
    public var alertsEndpoint: String = ""
    public var alertsStored: Int = 0
    public var newestAlertID: UInt64 = 0

    public init() {}
}

/// The catalog in force, as `list_models` and `reload_catalog` report it.
public struct CatalogSummary: Sendable, Hashable {
    public var models: [ModelDescriptor]
    /// The file it was loaded from; empty for the built-in default.
    public var catalogPath: String
    public var loadedAtMs: Int64

    public init(models: [ModelDescriptor] = [], catalogPath: String = "", loadedAtMs: Int64 = 0) {
        self.models = models
        self.catalogPath = catalogPath
        self.loadedAtMs = loadedAtMs
    }
}
