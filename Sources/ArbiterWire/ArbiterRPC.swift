/// The RPCs of `service Arbiter` (`proto/arbiter/v1/arbiter.proto`): the method table that
/// permissions, dispatch, the clients' method names and the fuzz corpus read.
public enum ArbiterRPC: String, CaseIterable, Sendable, Hashable {
    case recordExecution = "record_execution"
    case recordExecutions = "record_executions"
    case getPerformance = "get_performance"
    case getStatus = "get_status"
    case listModels = "list_models"
    case reloadCatalog = "reload_catalog"
    case estimateTask = "estimate_task"
    case rankModels = "rank_models"
    case getSubscriptionUsage = "get_subscription_usage"
    case runLearning = "run_learning"
    case listAdjustments = "list_adjustments"
    case applyAdjustment = "apply_adjustment"
    case rejectAdjustment = "reject_adjustment"
    case getParameters = "get_parameters"
    case getReport = "get_report"
    case createAbTest = "create_ab_test"
    case getAbTest = "get_ab_test"
    case listAbTests = "list_ab_tests"
    case stopAbTest = "stop_ab_test"
    case assignVariant = "assign_variant"
    case analyzeAbTest = "analyze_ab_test"
    case graduateAbTest = "graduate_ab_test"
    case abStatistics = "ab_statistics"
    case listAlerts = "list_alerts"

    /// Where the server answers a call.
    public enum AnsweredOn: Sendable, Hashable {
        /// On the I/O thread, from the published ranking snapshot: no actor hop.
        case rankingSnapshot
        /// By the state actor.
        case stateActor
    }

    /// The snake_case name: the `Request.method` / `Response.result` oneof member.
    public var protoName: String { rawValue }

    /// The field number of its `Request.method` and `Response.result` members.
    public var fieldNumber: UInt32 {
        switch self {
        case .recordExecution: 10
        case .recordExecutions: 11
        case .getPerformance: 12
        case .getStatus: 13
        case .listModels: 14
        case .reloadCatalog: 15
        case .estimateTask: 16
        case .rankModels: 17
        case .getSubscriptionUsage: 18
        case .runLearning: 20
        case .listAdjustments: 21
        case .applyAdjustment: 22
        case .rejectAdjustment: 23
        case .getParameters: 24
        case .getReport: 25
        case .createAbTest: 30
        case .getAbTest: 31
        case .listAbTests: 32
        case .stopAbTest: 33
        case .assignVariant: 34
        case .analyzeAbTest: 35
        case .graduateAbTest: 36
        case .abStatistics: 37
        case .listAlerts: 40
        }
    }

    /// Whether a client holding a read-only key may call it: the call changes nothing.
    public var readOnly: Bool {
        switch self {
        case .rankModels, .estimateTask, .listModels, .getSubscriptionUsage, .getPerformance, .getStatus,
            .listAdjustments, .getParameters, .getReport, .getAbTest, .listAbTests, .analyzeAbTest,
            .assignVariant, .abStatistics, .listAlerts:
            true
        case .recordExecution, .recordExecutions, .reloadCatalog, .runLearning, .applyAdjustment, .rejectAdjustment,
            .createAbTest, .stopAbTest, .graduateAbTest:
            false
        }
    }

    public var answeredOn: AnsweredOn {
        switch self {
        case .rankModels, .estimateTask, .listModels, .getSubscriptionUsage, .assignVariant, .abStatistics:
            .rankingSnapshot
        default:
            .stateActor
        }
    }
}
