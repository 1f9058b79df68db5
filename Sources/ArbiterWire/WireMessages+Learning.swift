public import ArbiterCore

/// What `run_learning` is asked: when, over which windows, and whether to change anything.
public struct LearningRequest: Sendable, Hashable {
    /// The end of every window (Unix ms); nil means now.
    public var asOfMs: Int64?
    /// Window overrides in days; 0 keeps the server's configuration.
    public var tokenWindowDays: Int
    public var valueWindowDays: Int
    public var costWindowDays: Int
    /// Measure and report only: log nothing, change nothing.
    public var dryRun: Bool

    public init(asOfMs: Int64? = nil, tokenWindowDays: Int = 0, valueWindowDays: Int = 0, costWindowDays: Int = 0, dryRun: Bool = false) {
        self.asOfMs = asOfMs
        self.tokenWindowDays = tokenWindowDays
        self.valueWindowDays = valueWindowDays
        self.costWindowDays = costWindowDays
        self.dryRun = dryRun
    }

    /// `configuration` with this request's overrides; throws `.invalidArgument` naming the field out of range.
    public func configuration(overriding configuration: LearningConfiguration) throws(ArbiterError) -> LearningConfiguration {
        if let asOfMs, asOfMs < 0 {
            throw ArbiterError(.invalidArgument, "as_of_ms must not be negative; got \(asOfMs)", field: "as_of_ms")
        }
        var result = configuration
        for (field, days, keyPath) in [
            ("token_window_days", tokenWindowDays, \LearningConfiguration.tokenWindowDays),
            ("value_window_days", valueWindowDays, \LearningConfiguration.valueWindowDays),
            ("cost_window_days", costWindowDays, \LearningConfiguration.costWindowDays),
        ] where days != 0 {
            guard days > 0 && days <= LearningConfiguration.maximumWindowDays else {
                throw ArbiterError(
                    .invalidArgument, "\(field) must be between 1 and \(LearningConfiguration.maximumWindowDays) (0 for the default); got \(days)",
                    field: field)
            }
            result[keyPath: keyPath] = days
        }
        return result
    }
}

/// The formats `get_report` renders.
public enum ReportFormat: Int, Sendable, Hashable, CaseIterable {
    case protobuf = 1
    case markdown = 2
    case html = 3
}

/// What `get_report` is asked.
public struct ReportRequest: Sendable, Hashable {
    public var format: ReportFormat
    /// A dry run as of this time; nil means the latest run since the server started, else a dry run now.
    public var asOfMs: Int64?

    public init(format: ReportFormat = .protobuf, asOfMs: Int64? = nil) {
        self.format = format
        self.asOfMs = asOfMs
    }
}

/// What `get_report` answers: the data, and the rendered document for Markdown and HTML.
public struct ReportDocument: Sendable, Hashable {
    public var report: LearningReport
    /// Empty for the protobuf format.
    public var document: String

    public init(report: LearningReport, document: String = "") {
        self.report = report
        self.document = document
    }
}
