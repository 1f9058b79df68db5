/// An A/B test of two strategies on the tasks that match its criteria.
public struct AbTest: Sendable, Hashable {
    public enum Status: String, Sendable, Hashable {
        case active, stopped, graduated
        /// Graduated, then its `ab_graduation` adjustment was rejected: no longer a production default.
        case graduationReverted = "graduation_reverted"
    }

    /// How the verdict decides.
    public enum StoppingRule: String, Sendable, Hashable, CaseIterable {
        /// The always-valid mixture SPRT: safe to check after every sample.
        case sequential
        /// Welch's t-test at p < alpha: valid when looked at once, at a horizon fixed in advance.
        case fixedHorizon = "fixed_horizon"
    }

    /// What the verdict compares; higher is better for each.
    public enum Metric: String, Sendable, Hashable, CaseIterable {
        case valuePerDollar = "value_per_dollar"
        case qualityScore = "quality_score"
        case successRate = "success_rate"
        case valueDelivered = "value_delivered"
    }

    public var testID: String
    public var name: String
    public var description: String
    public var control: AbStrategy
    public var treatment: AbStrategy
    /// Share of matching tasks that go to control, in (0, 1).
    public var assignmentRatio: Double
    public var criteria: AbTestCriteria
    public var startMs: Int64
    /// 0: no end.
    public var endMs: Int64
    public var minSamples: Int
    public var primaryMetric: Metric
    public var significanceLevel: Double
    public var stoppingRule: StoppingRule
    public var status: Status
    public var stoppedMs: Int64
    public var graduatedVariant: AbVariant?
    public var createdMs: Int64
    /// For `graduationReverted`: when, and why.
    public var revertedMs: Int64
    public var revertReason: String

    /// What a test that leaves `min_samples` at 0 gets: the size below which no verdict is read.
    public static let defaultMinSamples = 30
    /// What a test (or `ab_statistics`) that leaves the significance level at 0 gets.
    public static let defaultSignificanceLevel = 0.05

    public init(
        testID: String, name: String = "", description: String = "", control: AbStrategy, treatment: AbStrategy,
        assignmentRatio: Double = 0.5, criteria: AbTestCriteria = AbTestCriteria(), startMs: Int64 = 0, endMs: Int64 = 0,
        minSamples: Int = AbTest.defaultMinSamples, primaryMetric: Metric = .valuePerDollar,
        significanceLevel: Double = AbTest.defaultSignificanceLevel,
        stoppingRule: StoppingRule = .sequential, status: Status = .active, stoppedMs: Int64 = 0,
        graduatedVariant: AbVariant? = nil, createdMs: Int64 = 0, revertedMs: Int64 = 0, revertReason: String = ""
    ) {
        self.testID = testID
        self.name = name
        self.description = description
        self.control = control
        self.treatment = treatment
        self.assignmentRatio = assignmentRatio
        self.criteria = criteria
        self.startMs = startMs
        self.endMs = endMs
        self.minSamples = minSamples
        self.primaryMetric = primaryMetric
        self.significanceLevel = significanceLevel
        self.stoppingRule = stoppingRule
        self.status = status
        self.stoppedMs = stoppedMs
        self.graduatedVariant = graduatedVariant
        self.createdMs = createdMs
        self.revertedMs = revertedMs
        self.revertReason = revertReason
    }

    /// Assigning: active, started, and not past its end.
    public func isRunning(atMs now: Int64) -> Bool {
        status == .active && startMs <= now && (endMs == 0 || now < endMs)
    }

    public func strategy(_ variant: AbVariant) -> AbStrategy {
        variant == .control ? control : treatment
    }

    /// The variant of a task: deterministic in (test_id, task_id), so retries and replicas agree.
    ///
    /// The 64-bit FNV-1a hash of the test id, a 0 byte and the task id, finished with a
    /// SplitMix64 mix so that ids differing in their last bytes spread over the whole range;
    /// its top 53 bits as a fraction in [0, 1) below `assignmentRatio` mean control.
    public func variant(forTask taskID: String) -> AbVariant {
        Self.unitHash(testID: testID, taskID: taskID) < assignmentRatio ? .control : .treatment
    }

    public static func unitHash(testID: String, taskID: String) -> Double {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        for byte in testID.utf8 { mix(byte) }
        mix(0)
        for byte in taskID.utf8 { mix(byte) }
        var z = hash
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1p-53
    }

    /// UTF-8 bytes allowed in identifiers (`test_id`, names, models, labels), as in executions.
    public static let maxIdentifierBytes = 256
    /// UTF-8 bytes allowed in a `description`, as in a task title.
    public static let maxDescriptionBytes = 1_024
    /// Entries allowed in each criteria list and in a strategy's multipliers: far more than any
    /// catalog needs, and few enough that matching a task, which every rank call may do on the
    /// I/O thread, stays quick.
    public static let maxListEntries = 1_000

    /// Throws `.invalidArgument` naming the first bad field, as `create_ab_test` reports it
    /// (`.resourceExhausted` for a list over ``maxListEntries``).
    public func validate() throws(ArbiterError) {
        if testID.isEmpty { throw ArbiterError(.invalidArgument, "test_id must not be empty", field: "test_id") }
        try Self.checkLength(testID, field: "test_id")
        try Self.checkLength(name, field: "name")
        try Self.checkLength(description, field: "description", maxBytes: Self.maxDescriptionBytes)
        for (field, list) in [
            ("criteria.priorities", criteria.priorities), ("criteria.domains", criteria.domains),
            ("criteria.complexities", criteria.complexities), ("criteria.models", criteria.models),
        ] {
            try Self.checkCount(list.count, field: field)
            for (index, entry) in list.enumerated() { try Self.checkLength(entry, field: "\(field)[\(index)]") }
        }
        for (field, strategy) in [("control", control), ("treatment", treatment)] {
            do throws(ArbiterError) {
                try strategy.validate()
            } catch {
                throw error.nested(under: field)
            }
            if strategy.overridesNothing {
                throw ArbiterError(
                    .invalidArgument,
                    "strategy '\(strategy.name)' is empty: it overrides nothing and the catalog defines no strategy of that name",
                    field: field)
            }
        }
        if control == treatment {
            throw ArbiterError(.invalidArgument, "control and treatment are the same strategy", field: "treatment")
        }
        if !(assignmentRatio > 0 && assignmentRatio < 1) {
            throw ArbiterError(.invalidArgument, "assignment_ratio must be in (0, 1); got \(assignmentRatio)", field: "assignment_ratio")
        }
        if minSamples < 2 {
            throw ArbiterError(.invalidArgument, "min_samples must be at least 2; got \(minSamples)", field: "min_samples")
        }
        if !(significanceLevel > 0 && significanceLevel <= 0.5) {
            throw ArbiterError(.invalidArgument, "significance_level must be in (0, 0.5]; got \(significanceLevel)", field: "significance_level")
        }
        if endMs != 0 && endMs <= startMs {
            throw ArbiterError(.invalidArgument, "end_ms must be after start_ms", field: "end_ms")
        }
    }

    static func checkLength(_ value: String, field: String, maxBytes: Int = maxIdentifierBytes) throws(ArbiterError) {
        let bytes = value.utf8.count
        guard bytes <= maxBytes else {
            throw ArbiterError(.invalidArgument, "\(field) is \(bytes) bytes of UTF-8; at most \(maxBytes) are allowed", field: field)
        }
    }

    static func checkCount(_ count: Int, field: String) throws(ArbiterError) {
        guard count <= maxListEntries else {
            throw ArbiterError(.resourceExhausted, "\(count) \(field) is over the limit of \(maxListEntries)", field: field)
        }
    }
}
