/// The windows and thresholds of the learning batch; every default is the issue's.
public struct LearningConfiguration: Sendable, Hashable {
    /// Days of executions the token calibration reads. Default 30.
    public var tokenWindowDays: Int = 30
    /// Days of executions the value calibration reads. Default 30.
    public var valueWindowDays: Int = 30
    /// Days of executions the cost-effectiveness analysis reads. Default 60.
    public var costWindowDays: Int = 60

    /// A token group's mean actual/predicted ratio further than this from 1 is adjusted. Default 0.15.
    public var tokenRatioTolerance: Double = 0.15
    /// Executions for full confidence in a token adjustment: confidence = min(n / this, 1). Default 50.
    public var tokenFullConfidenceCount: Int = 50

    /// Fewer executions with a value delivered than this: no value calibration. Default 20.
    public var valueMinimumExecutions: Int = 20
    /// A correlation below this looks for miscalibrated priority weights. Default 0.6.
    public var correlationThreshold: Double = 0.6
    /// A priority's or domain's actual/predicted value ratio further than this from 1 is adjusted. Default 0.2.
    public var valueRatioTolerance: Double = 0.2
    /// Executions for full confidence in a priority weight adjustment. Default 30.
    public var priorityFullConfidenceCount: Int = 30
    /// A domain needs this many executions with a value delivered to be calibrated. Default 5.
    public var domainMinimumExecutions: Int = 5
    /// Executions for full confidence in a domain modifier adjustment. Default 20.
    public var domainFullConfidenceCount: Int = 20

    /// A cheaper model whose quality is lower by less than this (0-10 scale) is an alternative. Default 0.5.
    public var maximumQualityLoss: Double = 0.5
    /// An execution is an opportunity only when the cheaper model saves more than this, in dollars. Default 1.00.
    public var minimumSaving: Double = 1.0
    /// The cheaper model's executions on the task type for full confidence. Default 10.
    public var costFullConfidenceCount: Int = 10
    /// Opportunities with a confidence above this are logged. Default 0.5.
    public var costLoggingConfidence: Double = 0.5

    /// An adjustment whose confidence reaches this is applied as it is logged. Default 0.8.
    public var graduationThreshold: Double = 0.8

    public init() {}

    /// Every setting under its catalog key (the `learning:` section), in the catalog's order:
    /// what a report prints so that a reader knows which thresholds produced it.
    public var settingsByKey: [(key: String, value: String)] {
        func n(_ x: Double) -> String { String(x) }
        return [
            ("token_window_days", String(tokenWindowDays)), ("token_ratio_tolerance", n(tokenRatioTolerance)),
            ("token_full_confidence_count", String(tokenFullConfidenceCount)), ("value_window_days", String(valueWindowDays)),
            ("value_minimum_executions", String(valueMinimumExecutions)), ("correlation_threshold", n(correlationThreshold)),
            ("value_ratio_tolerance", n(valueRatioTolerance)), ("priority_full_confidence_count", String(priorityFullConfidenceCount)),
            ("domain_minimum_executions", String(domainMinimumExecutions)), ("domain_full_confidence_count", String(domainFullConfidenceCount)),
            ("cost_window_days", String(costWindowDays)), ("maximum_quality_loss", n(maximumQualityLoss)),
            ("minimum_saving", n(minimumSaving)), ("cost_full_confidence_count", String(costFullConfidenceCount)),
            ("cost_logging_confidence", n(costLoggingConfidence)), ("graduation_threshold", n(graduationThreshold)),
        ]
    }

    /// The longest window a day count may ask for: ten years.
    public static let maximumWindowDays = 3650

    /// Throws `.invalidArgument` naming the first figure out of range (`token_window_days`, `graduation_threshold`, ...).
    public func validate() throws(ArbiterError) {
        for (field, days) in [("token_window_days", tokenWindowDays), ("value_window_days", valueWindowDays), ("cost_window_days", costWindowDays)]
        where days < 1 || days > Self.maximumWindowDays {
            throw ArbiterError(.invalidArgument, "\(field) must be between 1 and \(Self.maximumWindowDays); got \(days)", field: field)
        }
        if !(correlationThreshold >= -1 && correlationThreshold <= 1) {
            throw ArbiterError(
                .invalidArgument, "correlation_threshold must be a number between -1 and 1; got \(correlationThreshold)",
                field: "correlation_threshold")
        }
        // A negative tolerance or confidence would log everything or graduate everything.
        let fractions = [
            ("token_ratio_tolerance", tokenRatioTolerance), ("value_ratio_tolerance", valueRatioTolerance),
            ("cost_logging_confidence", costLoggingConfidence), ("graduation_threshold", graduationThreshold),
        ]
        for (field, value) in fractions where !(value >= 0 && value <= 1) {
            throw ArbiterError(.invalidArgument, "\(field) must be a number between 0 and 1; got \(value)", field: field)
        }
        let counts = [
            ("token_full_confidence_count", tokenFullConfidenceCount), ("value_minimum_executions", valueMinimumExecutions),
            ("priority_full_confidence_count", priorityFullConfidenceCount), ("domain_minimum_executions", domainMinimumExecutions),
            ("domain_full_confidence_count", domainFullConfidenceCount), ("cost_full_confidence_count", costFullConfidenceCount),
        ]
        for (field, value) in counts where value < 1 {
            throw ArbiterError(.invalidArgument, "\(field) must be at least 1; got \(value)", field: field)
        }
        for (field, value) in [("maximum_quality_loss", maximumQualityLoss), ("minimum_saving", minimumSaving)]
        where !(value.isFinite && value >= 0) {
            throw ArbiterError(.invalidArgument, "\(field) must be a finite, non-negative number; got \(value)", field: field)
        }
    }

    static let millisecondsPerDay: Int64 = 86_400_000
}

/// The time span a calibration reads: executions with `startMs < timestamp_ms <= endMs`.
public struct LearningWindow: Sendable, Hashable {
    public var startMs: Int64
    public var endMs: Int64

    public init(startMs: Int64, endMs: Int64) {
        self.startMs = startMs
        self.endMs = endMs
    }

    public init(endingAtMs endMs: Int64, days: Int) {
        self.endMs = endMs
        startMs = endMs - Int64(days) * LearningConfiguration.millisecondsPerDay
    }

    @inline(__always)
    func contains(_ timestampMs: Int64) -> Bool {
        // One unsigned comparison, not two short-circuited ones, so `RowSelection` compiles
        // without a branch per row: timestampMs - startMs - 1 (mod 2^64) is below the width
        // exactly when startMs < timestampMs <= endMs, for every Int64 (an empty window has width 0).
        let width = endMs > startMs ? UInt64(bitPattern: endMs &- startMs) : 0
        return UInt64(bitPattern: timestampMs &- startMs &- 1) < width
    }
}
