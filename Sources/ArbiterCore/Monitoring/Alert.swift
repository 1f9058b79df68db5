/// One alert: a rule's finding, numbered and timed when it was raised.
///
/// Field names follow the wire contract (`arbiter.v1.Alert`).
public struct Alert: Sendable, Hashable {
    /// 1, 2, 3, ... in the order alerts were raised; never reused.
    public var id: UInt64
    public var kind: AlertKind
    public var severity: AlertSeverity
    /// When it was raised, Unix milliseconds (server clock).
    public var timeMs: Int64
    /// `model/task_type`, a model or `global`, a parameter name, or a test id.
    public var subject: String
    public var model: String
    public var taskType: String
    /// The figure measured and the threshold it crossed.
    public var measuredValue: Double
    public var threshold: Double
    public var message: String

    public init(
        id: UInt64 = 0, kind: AlertKind, severity: AlertSeverity, timeMs: Int64 = 0, subject: String,
        model: String = "", taskType: String = "", measuredValue: Double, threshold: Double, message: String
    ) {
        self.id = id
        self.kind = kind
        self.severity = severity
        self.timeMs = timeMs
        self.subject = subject
        self.model = model
        self.taskType = taskType
        self.measuredValue = measuredValue
        self.threshold = threshold
        self.message = message
    }

    /// The first frame on the PUB socket: `alert.<kind>.<severity>`, so subscribers filter by prefix.
    public var topic: String { "alert.\(kind.name).\(severity.name)" }

    /// The cool-down key: one condition per kind and subject.
    public var condition: AlertConditionKey { AlertConditionKey(kind: kind, subject: subject) }
}

/// What an alert is about.
public enum AlertKind: Int, Sendable, Hashable, CaseIterable {
    case degradation = 1
    case costEfficiency = 2
    case adjustmentDrift = 3
    case abSignificant = 4

    /// The name in topics and on the command line: `degradation`, `cost_efficiency`, ...
    public var name: String {
        switch self {
        case .degradation: "degradation"
        case .costEfficiency: "cost_efficiency"
        case .adjustmentDrift: "adjustment_drift"
        case .abSignificant: "ab_significant"
        }
    }

    public init?(name: String) {
        guard let kind = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = kind
    }
}

/// How urgent an alert is; ordered, so a condition can worsen by a level.
public enum AlertSeverity: Int, Sendable, Hashable, CaseIterable, Comparable {
    case info = 1
    case warning = 2
    case critical = 3

    public var name: String {
        switch self {
        case .info: "info"
        case .warning: "warning"
        case .critical: "critical"
        }
    }

    public init?(name: String) {
        guard let severity = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = severity
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// One alerting condition: the same kind about the same subject.
public struct AlertConditionKey: Sendable, Hashable {
    public var kind: AlertKind
    public var subject: String

    public init(kind: AlertKind, subject: String) {
        self.kind = kind
        self.subject = subject
    }
}

/// The last alert raised for a condition, which its cool-down runs from.
public struct AlertCondition: Sendable, Hashable {
    public var key: AlertConditionKey
    public var severity: AlertSeverity
    public var timeMs: Int64

    public init(key: AlertConditionKey, severity: AlertSeverity, timeMs: Int64) {
        self.key = key
        self.severity = severity
        self.timeMs = timeMs
    }
}
