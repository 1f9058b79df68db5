public import ArbiterCore
import CArbiterProto
import CProtobufC

/// The A/B testing messages (`proto/arbiter/v1/ab_testing.proto`) ⇔ `AbTest`, `AbStrategy`,
/// `AbTestAnalysis` and the statistics.
extension WireCodec {
    // MARK: - Strategies and tests

    static func makeStrategy(_ strategy: AbStrategy, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__AbStrategy> {
        let message = arena.make(arbiter__v1__ab_strategy__init)
        arena.set(&message.pointee.name, to: strategy.name)
        arena.set(&message.pointee.description, to: strategy.description)
        let multipliers = strategy.complexityMultipliers.sorted { $0.key < $1.key }
        (message.pointee.n_complexity_multipliers, message.pointee.complexity_multipliers) = makeMessages(multipliers, in: arena) { entry in
            let item = arena.make(arbiter__v1__complexity_multiplier__init)
            arena.set(&item.pointee.complexity, to: entry.key)
            item.pointee.multiplier = entry.value
            return item
        }
        arena.set(&message.pointee.preferred_model, to: strategy.preferredModel)
        if let threshold = strategy.subscriptionThreshold {
            message.pointee.subscription_threshold_value_case = ARBITER__V1__AB_STRATEGY__SUBSCRIPTION_THRESHOLD_VALUE_SUBSCRIPTION_THRESHOLD
            message.pointee.subscription_threshold = threshold
        }
        arena.set(&message.pointee.ranking_strategy, to: strategy.rankingStrategy?.rawValue ?? "")
        if let tolerance = strategy.qualityTolerance {
            message.pointee.quality_tolerance_value_case = ARBITER__V1__AB_STRATEGY__QUALITY_TOLERANCE_VALUE_QUALITY_TOLERANCE
            message.pointee.quality_tolerance = tolerance
        }
        if let price = strategy.qualityPrice {
            message.pointee.quality_price_value_case = ARBITER__V1__AB_STRATEGY__QUALITY_PRICE_VALUE_QUALITY_PRICE
            message.pointee.quality_price = price
        }
        return message
    }

    /// A missing strategy reads as an empty one, for validation to reject. Field paths are relative
    /// to the strategy (`ranking_strategy`).
    static func strategy(from message: UnsafeMutablePointer<Arbiter__V1__AbStrategy>?) throws(ArbiterError) -> AbStrategy {
        guard let m = message?.pointee else { return AbStrategy(name: "") }
        var strategy = AbStrategy(name: try string(m.name, field: "name"), description: try string(m.description, field: "description"))
        let entries = try messages(m.complexity_multipliers, count: m.n_complexity_multipliers, field: "complexity_multipliers") {
            (item) throws(ArbiterError) -> (String, Double) in
            (try string(item.pointee.complexity, field: "complexity"), item.pointee.multiplier)
        }
        for (complexity, multiplier) in entries { strategy.complexityMultipliers[complexity] = multiplier }
        strategy.preferredModel = try string(m.preferred_model, field: "preferred_model")
        if m.subscription_threshold_value_case == ARBITER__V1__AB_STRATEGY__SUBSCRIPTION_THRESHOLD_VALUE_SUBSCRIPTION_THRESHOLD {
            strategy.subscriptionThreshold = m.subscription_threshold
        }
        if m.quality_tolerance_value_case == ARBITER__V1__AB_STRATEGY__QUALITY_TOLERANCE_VALUE_QUALITY_TOLERANCE {
            strategy.qualityTolerance = m.quality_tolerance
        }
        if m.quality_price_value_case == ARBITER__V1__AB_STRATEGY__QUALITY_PRICE_VALUE_QUALITY_PRICE {
            strategy.qualityPrice = m.quality_price
        }
        let ranking = try string(m.ranking_strategy, field: "ranking_strategy")
        if !ranking.isEmpty {
            guard let value = RankingStrategy(rawValue: ranking) else {
                throw ArbiterError(
                    .invalidArgument, "unknown ranking strategy \"\(ranking.prefix(64))\"; expected greedy, thompson or seed_compat",
                    field: "ranking_strategy")
            }
            strategy.rankingStrategy = value
        }
        return strategy
    }

    static func makeAbTest(_ test: AbTest, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__AbTest> {
        let message = arena.make(arbiter__v1__ab_test__init)
        arena.set(&message.pointee.test_id, to: test.testID)
        arena.set(&message.pointee.name, to: test.name)
        arena.set(&message.pointee.description, to: test.description)
        message.pointee.control = makeStrategy(test.control, in: arena)
        message.pointee.treatment = makeStrategy(test.treatment, in: arena)
        message.pointee.assignment_ratio = test.assignmentRatio
        let criteria = arena.make(arbiter__v1__ab_test_criteria__init)
        (criteria.pointee.n_priorities, criteria.pointee.priorities) = makeStrings(test.criteria.priorities, in: arena)
        (criteria.pointee.n_domains, criteria.pointee.domains) = makeStrings(test.criteria.domains, in: arena)
        (criteria.pointee.n_complexities, criteria.pointee.complexities) = makeStrings(test.criteria.complexities, in: arena)
        (criteria.pointee.n_models, criteria.pointee.models) = makeStrings(test.criteria.models, in: arena)
        message.pointee.criteria = criteria
        message.pointee.start_ms = test.startMs
        message.pointee.end_ms = test.endMs
        message.pointee.min_samples = UInt32(clamping: test.minSamples)
        arena.set(&message.pointee.primary_metric, to: test.primaryMetric.rawValue)
        message.pointee.significance_level = test.significanceLevel
        arena.set(&message.pointee.stopping_rule, to: test.stoppingRule.rawValue)
        message.pointee.status = abTestStatus(test.status)
        message.pointee.stopped_ms = test.stoppedMs
        arena.set(&message.pointee.graduated_variant, to: test.graduatedVariant?.rawValue ?? "")
        message.pointee.created_ms = test.createdMs
        message.pointee.reverted_ms = test.revertedMs
        arena.set(&message.pointee.revert_reason, to: test.revertReason)
        return message
    }

    /// What a client sends to `create_ab_test`, defaults filled in: min_samples 0 → 30, significance
    /// level 0 → 0.05, an empty metric or stopping rule → value_per_dollar, sequential; an unspecified
    /// status → active. Unknown names throw INVALID_ARGUMENT naming the field (`primary_metric`);
    /// paths are relative to the test (`control.name`).
    static func abTest(from message: UnsafeMutablePointer<Arbiter__V1__AbTest>?) throws(ArbiterError) -> AbTest {
        guard let m = message?.pointee else {
            throw ArbiterError(.invalidArgument, "the test is missing", field: "")
        }
        func nestedStrategy(_ pointer: UnsafeMutablePointer<Arbiter__V1__AbStrategy>?, _ field: String) throws(ArbiterError) -> AbStrategy {
            do throws(ArbiterError) {
                return try strategy(from: pointer)
            } catch {
                throw error.nested(under: field)
            }
        }
        let metricName = try string(m.primary_metric, field: "primary_metric")
        guard let metric = metricName.isEmpty ? .valuePerDollar : AbTest.Metric(rawValue: metricName) else {
            let names = AbTest.Metric.allCases.map(\.rawValue).joined(separator: ", ")
            throw ArbiterError(.invalidArgument, "unknown primary metric \"\(metricName.prefix(64))\"; expected one of \(names)", field: "primary_metric")
        }
        let ruleName = try string(m.stopping_rule, field: "stopping_rule")
        guard let rule = ruleName.isEmpty ? .sequential : AbTest.StoppingRule(rawValue: ruleName) else {
            throw ArbiterError(
                .invalidArgument, "unknown stopping rule \"\(ruleName.prefix(64))\"; expected sequential or fixed_horizon", field: "stopping_rule")
        }
        let status = abTestStatus(from: m.status)
        let variantName = try string(m.graduated_variant, field: "graduated_variant")
        let criteria = m.criteria?.pointee
        return AbTest(
            testID: try string(m.test_id, field: "test_id"),
            name: try string(m.name, field: "name"),
            description: try string(m.description, field: "description"),
            control: try nestedStrategy(m.control, "control"),
            treatment: try nestedStrategy(m.treatment, "treatment"),
            assignmentRatio: m.assignment_ratio,
            criteria: AbTestCriteria(
                priorities: try strings(criteria?.priorities, count: criteria?.n_priorities ?? 0, field: "criteria.priorities"),
                domains: try strings(criteria?.domains, count: criteria?.n_domains ?? 0, field: "criteria.domains"),
                complexities: try strings(criteria?.complexities, count: criteria?.n_complexities ?? 0, field: "criteria.complexities"),
                models: try strings(criteria?.models, count: criteria?.n_models ?? 0, field: "criteria.models")),
            startMs: m.start_ms,
            endMs: m.end_ms,
            minSamples: m.min_samples == 0 ? AbTest.defaultMinSamples : int(m.min_samples),
            primaryMetric: metric,
            significanceLevel: m.significance_level == 0 ? AbTest.defaultSignificanceLevel : m.significance_level,
            stoppingRule: rule,
            status: status,
            stoppedMs: m.stopped_ms,
            graduatedVariant: AbVariant(rawValue: variantName),
            createdMs: m.created_ms,
            revertedMs: m.reverted_ms,
            revertReason: try string(m.revert_reason, field: "revert_reason")
        )
    }

    static func abTestStatus(_ status: AbTest.Status) -> Arbiter__V1__AbTestStatus {
        switch status {
        case .active: ARBITER__V1__AB_TEST_STATUS__AB_TEST_ACTIVE
        case .stopped: ARBITER__V1__AB_TEST_STATUS__AB_TEST_STOPPED
        case .graduated: ARBITER__V1__AB_TEST_STATUS__AB_TEST_GRADUATED
        case .graduationReverted: ARBITER__V1__AB_TEST_STATUS__AB_TEST_GRADUATION_REVERTED
        }
    }

    /// Unspecified (or unknown) is active, as `create_ab_test` takes it.
    static func abTestStatus(from status: Arbiter__V1__AbTestStatus) -> AbTest.Status {
        switch status {
        case ARBITER__V1__AB_TEST_STATUS__AB_TEST_STOPPED: .stopped
        case ARBITER__V1__AB_TEST_STATUS__AB_TEST_GRADUATED: .graduated
        case ARBITER__V1__AB_TEST_STATUS__AB_TEST_GRADUATION_REVERTED: .graduationReverted
        default: .active
        }
    }

    static func makeVerdictSummary(_ summary: AbTestVerdictSummary, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__AbTestVerdictSummary> {
        let item = arena.make(arbiter__v1__ab_test_verdict_summary__init)
        arena.set(&item.pointee.test_id, to: summary.testID)
        arena.set(&item.pointee.name, to: summary.name)
        item.pointee.status = abTestStatus(summary.status)
        arena.set(&item.pointee.verdict, to: summary.verdict.rawValue)
        arena.set(&item.pointee.winner, to: summary.winner?.rawValue ?? "")
        arena.set(&item.pointee.primary_metric, to: summary.primaryMetric.rawValue)
        arena.set(&item.pointee.stopping_rule, to: summary.stoppingRule.rawValue)
        if let p = summary.sequentialPValue {
            item.pointee.sequential_p_value_value_case = ARBITER__V1__AB_TEST_VERDICT_SUMMARY__SEQUENTIAL_P_VALUE_VALUE_SEQUENTIAL_P_VALUE
            item.pointee.sequential_p_value = p
        }
        if let p = summary.fixedHorizonPValue {
            item.pointee.fixed_horizon_p_value_value_case = ARBITER__V1__AB_TEST_VERDICT_SUMMARY__FIXED_HORIZON_P_VALUE_VALUE_FIXED_HORIZON_P_VALUE
            item.pointee.fixed_horizon_p_value = p
        }
        item.pointee.control_samples = UInt64(clamping: summary.controlSamples)
        item.pointee.treatment_samples = UInt64(clamping: summary.treatmentSamples)
        item.pointee.control_samples_needed = UInt32(clamping: summary.controlSamplesNeeded)
        item.pointee.treatment_samples_needed = UInt32(clamping: summary.treatmentSamplesNeeded)
        item.pointee.verdict_withheld = summary.verdictWithheld ? 1 : 0
        item.pointee.guardrail_failed = summary.guardrailFailed ? 1 : 0
        item.pointee.control_mean = summary.controlMean
        item.pointee.treatment_mean = summary.treatmentMean
        arena.set(&item.pointee.control_strategy, to: summary.controlStrategy)
        arena.set(&item.pointee.treatment_strategy, to: summary.treatmentStrategy)
        return item
    }

    /// Field paths in thrown errors are relative to the summary (`verdict`).
    static func verdictSummary(from item: UnsafeMutablePointer<Arbiter__V1__AbTestVerdictSummary>) throws(ArbiterError) -> AbTestVerdictSummary {
        let m = item.pointee
        let verdict: AbTestAnalysis.Verdict = try named(m.verdict, field: "verdict", what: "verdict")
        let metric: AbTest.Metric = try named(m.primary_metric, field: "primary_metric", what: "primary metric")
        let rule: AbTest.StoppingRule = try named(m.stopping_rule, field: "stopping_rule", what: "stopping rule")
        return AbTestVerdictSummary(
            testID: try string(m.test_id, field: "test_id"), name: try string(m.name, field: "name"),
            status: abTestStatus(from: m.status), verdict: verdict, winner: AbVariant(rawValue: try string(m.winner, field: "winner")),
            primaryMetric: metric, stoppingRule: rule,
            sequentialPValue: m.sequential_p_value_value_case == ARBITER__V1__AB_TEST_VERDICT_SUMMARY__SEQUENTIAL_P_VALUE_VALUE_SEQUENTIAL_P_VALUE
                ? m.sequential_p_value : nil,
            fixedHorizonPValue: m.fixed_horizon_p_value_value_case
                == ARBITER__V1__AB_TEST_VERDICT_SUMMARY__FIXED_HORIZON_P_VALUE_VALUE_FIXED_HORIZON_P_VALUE ? m.fixed_horizon_p_value : nil,
            controlSamples: int(m.control_samples), treatmentSamples: int(m.treatment_samples),
            controlSamplesNeeded: int(m.control_samples_needed), treatmentSamplesNeeded: int(m.treatment_samples_needed),
            verdictWithheld: bool(m.verdict_withheld), guardrailFailed: bool(m.guardrail_failed),
            controlMean: m.control_mean, treatmentMean: m.treatment_mean,
            controlStrategy: try string(m.control_strategy, field: "control_strategy"),
            treatmentStrategy: try string(m.treatment_strategy, field: "treatment_strategy"))
    }

    /// A single AbTest message: used by the server's write-ahead log and snapshots.
    public static func encode(_ test: AbTest) -> [UInt8] {
        ProtobufArena.withThreadArena { arena in
            pack(makeAbTest(test, in: arena), arbiter__v1__ab_test__get_packed_size, arbiter__v1__ab_test__pack)
        }
    }

    /// Throws MALFORMED_REQUEST for undecodable bytes, INVALID_ARGUMENT naming the field for bad content.
    public static func decodeAbTest(_ bytes: UnsafeRawBufferPointer) throws(ArbiterError) -> AbTest {
        try ProtobufArena.withThreadArena { arena throws(ArbiterError) in
            try abTest(from: try unpack(bytes, "test (arbiter.v1.AbTest)", in: arena, arbiter__v1__ab_test__unpack))
        }
    }

    // MARK: - Requests

    static func makeAbTestRequest(_ method: WireRequest.Method, into message: UnsafeMutablePointer<Arbiter__V1__Request>, in arena: ProtobufArena) {
        switch method {
        case .createAbTest(let test):
            let payload = arena.make(arbiter__v1__create_ab_test_request__init)
            payload.pointee.test = makeAbTest(test, in: arena)
            message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_CREATE_AB_TEST
            message.pointee.create_ab_test = payload
        case .getAbTest(let testID):
            let payload = arena.make(arbiter__v1__get_ab_test_request__init)
            arena.set(&payload.pointee.test_id, to: testID)
            message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_GET_AB_TEST
            message.pointee.get_ab_test = payload
        case .listAbTests:
            message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_LIST_AB_TESTS
            message.pointee.list_ab_tests = arena.make(arbiter__v1__list_ab_tests_request__init)
        case .stopAbTest(let testID):
            let payload = arena.make(arbiter__v1__stop_ab_test_request__init)
            arena.set(&payload.pointee.test_id, to: testID)
            message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_STOP_AB_TEST
            message.pointee.stop_ab_test = payload
        case .assignVariant(let task, let candidates):
            let payload = arena.make(arbiter__v1__assign_variant_request__init)
            arena.set(&payload.pointee.task_id, to: task.taskID)
            arena.set(&payload.pointee.priority, to: task.priority)
            arena.set(&payload.pointee.domain, to: task.domain)
            arena.set(&payload.pointee.complexity, to: task.complexity)
            (payload.pointee.n_candidates, payload.pointee.candidates) = makeStrings(candidates, in: arena)
            message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_ASSIGN_VARIANT
            message.pointee.assign_variant = payload
        case .analyzeAbTest(let testID):
            let payload = arena.make(arbiter__v1__analyze_ab_test_request__init)
            arena.set(&payload.pointee.test_id, to: testID)
            message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_ANALYZE_AB_TEST
            message.pointee.analyze_ab_test = payload
        case .graduateAbTest(let testID):
            let payload = arena.make(arbiter__v1__graduate_ab_test_request__init)
            arena.set(&payload.pointee.test_id, to: testID)
            message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_GRADUATE_AB_TEST
            message.pointee.graduate_ab_test = payload
        case .abStatistics(let query):
            let payload = arena.make(arbiter__v1__ab_statistics_request__init)
            (payload.pointee.n_control, payload.pointee.control) = makeScalars(query.control, in: arena)
            (payload.pointee.n_treatment, payload.pointee.treatment) = makeScalars(query.treatment, in: arena)
            payload.pointee.alpha = query.alpha
            (payload.pointee.n_observed, payload.pointee.observed) = makeScalars(query.observed.map { UInt64(clamping: $0) }, in: arena)
            (payload.pointee.n_expected_shares, payload.pointee.expected_shares) = makeScalars(query.expectedShares, in: arena)
            message.pointee.method_case = ARBITER__V1__REQUEST__METHOD_AB_STATISTICS
            message.pointee.ab_statistics = payload
        default:
            preconditionFailure("not an A/B testing method")
        }
    }

    /// The A/B testing method in `m`, or nil when it holds another one.
    static func abTestRequest(from m: Arbiter__V1__Request) throws(ArbiterError) -> WireRequest.Method? {
        switch m.method_case {
        case ARBITER__V1__REQUEST__METHOD_CREATE_AB_TEST:
            do throws(ArbiterError) {
                return .createAbTest(try abTest(from: m.create_ab_test?.pointee.test))
            } catch {
                throw error.nested(under: "test")
            }
        case ARBITER__V1__REQUEST__METHOD_GET_AB_TEST:
            return .getAbTest(testID: try string(m.get_ab_test?.pointee.test_id, field: "test_id"))
        case ARBITER__V1__REQUEST__METHOD_LIST_AB_TESTS:
            return .listAbTests
        case ARBITER__V1__REQUEST__METHOD_STOP_AB_TEST:
            return .stopAbTest(testID: try string(m.stop_ab_test?.pointee.test_id, field: "test_id"))
        case ARBITER__V1__REQUEST__METHOD_ASSIGN_VARIANT:
            let p = m.assign_variant?.pointee
            let task = TaskDescriptor(
                taskID: try string(p?.task_id, field: "task_id"),
                priority: try string(p?.priority, field: "priority"),
                domain: try string(p?.domain, field: "domain"),
                complexity: try string(p?.complexity, field: "complexity"))
            return .assignVariant(task: task, candidates: try strings(p?.candidates, count: p?.n_candidates ?? 0, field: "candidates"))
        case ARBITER__V1__REQUEST__METHOD_ANALYZE_AB_TEST:
            return .analyzeAbTest(testID: try string(m.analyze_ab_test?.pointee.test_id, field: "test_id"))
        case ARBITER__V1__REQUEST__METHOD_GRADUATE_AB_TEST:
            return .graduateAbTest(testID: try string(m.graduate_ab_test?.pointee.test_id, field: "test_id"))
        case ARBITER__V1__REQUEST__METHOD_AB_STATISTICS:
            let p = m.ab_statistics?.pointee
            return .abStatistics(AbStatisticsQuery(
                control: scalars(p?.control, count: p?.n_control ?? 0),
                treatment: scalars(p?.treatment, count: p?.n_treatment ?? 0),
                alpha: p?.alpha ?? 0,
                observed: scalars(p?.observed, count: p?.n_observed ?? 0).map { Int(clamping: $0) },
                expectedShares: scalars(p?.expected_shares, count: p?.n_expected_shares ?? 0)))
        default:
            return nil
        }
    }

    // MARK: - Responses

    static func makeAbTestResponse(_ payload: WireResponse.Payload, into message: UnsafeMutablePointer<Arbiter__V1__Response>, in arena: ProtobufArena) {
        switch payload {
        case .createAbTest(let test):
            let result = arena.make(arbiter__v1__create_ab_test_response__init)
            result.pointee.test = makeAbTest(test, in: arena)
            message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_CREATE_AB_TEST
            message.pointee.create_ab_test = result
        case .getAbTest(let test):
            let result = arena.make(arbiter__v1__get_ab_test_response__init)
            result.pointee.test = makeAbTest(test, in: arena)
            message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_GET_AB_TEST
            message.pointee.get_ab_test = result
        case .listAbTests(let tests):
            let result = arena.make(arbiter__v1__list_ab_tests_response__init)
            (result.pointee.n_tests, result.pointee.tests) = makeMessages(tests, in: arena) { makeAbTest($0, in: arena) }
            message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_LIST_AB_TESTS
            message.pointee.list_ab_tests = result
        case .stopAbTest(let test):
            let result = arena.make(arbiter__v1__stop_ab_test_response__init)
            result.pointee.test = makeAbTest(test, in: arena)
            message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_STOP_AB_TEST
            message.pointee.stop_ab_test = result
        case .assignVariant(let assignment):
            let result = arena.make(arbiter__v1__assign_variant_response__init)
            arena.set(&result.pointee.test_id, to: assignment.testID)
            arena.set(&result.pointee.variant, to: assignment.variant)
            arena.set(&result.pointee.strategy, to: assignment.strategy)
            message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_ASSIGN_VARIANT
            message.pointee.assign_variant = result
        case .analyzeAbTest(let analysis):
            let result = arena.make(arbiter__v1__analyze_ab_test_response__init)
            result.pointee.analysis = makeAnalysis(analysis, in: arena)
            message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_ANALYZE_AB_TEST
            message.pointee.analyze_ab_test = result
        case .graduateAbTest(let test, let analysis):
            let result = arena.make(arbiter__v1__graduate_ab_test_response__init)
            result.pointee.test = makeAbTest(test, in: arena)
            result.pointee.analysis = makeAnalysis(analysis, in: arena)
            message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_GRADUATE_AB_TEST
            message.pointee.graduate_ab_test = result
        case .abStatistics(let statistics):
            let result = arena.make(arbiter__v1__ab_statistics_response__init)
            result.pointee.welch = makeWelch(statistics.welch, in: arena)
            result.pointee.chi_square = makeChiSquare(statistics.chiSquare, in: arena)
            result.pointee.sequential = makeSequential(statistics.sequential, in: arena)
            message.pointee.result_case = ARBITER__V1__RESPONSE__RESULT_AB_STATISTICS
            message.pointee.ab_statistics = result
        default:
            preconditionFailure("not an A/B testing result")
        }
    }

    /// The A/B testing result in `m`, or nil when it holds another one. Paths are relative to the
    /// response (`analyze_ab_test.analysis.verdict`).
    static func abTestResponse(from m: Arbiter__V1__Response) throws(ArbiterError) -> WireResponse.Payload? {
        func nested<T>(_ field: String, _ body: () throws(ArbiterError) -> T) throws(ArbiterError) -> T {
            do throws(ArbiterError) {
                return try body()
            } catch {
                throw error.nested(under: field)
            }
        }
        switch m.result_case {
        case ARBITER__V1__RESPONSE__RESULT_CREATE_AB_TEST:
            return .createAbTest(try nested("create_ab_test.test") { () throws(ArbiterError) in try abTest(from: m.create_ab_test?.pointee.test) })
        case ARBITER__V1__RESPONSE__RESULT_GET_AB_TEST:
            return .getAbTest(try nested("get_ab_test.test") { () throws(ArbiterError) in try abTest(from: m.get_ab_test?.pointee.test) })
        case ARBITER__V1__RESPONSE__RESULT_LIST_AB_TESTS:
            let p = m.list_ab_tests?.pointee
            return .listAbTests(try nested("list_ab_tests") { () throws(ArbiterError) in
                try messages(p?.tests, count: p?.n_tests ?? 0, field: "tests") { (test) throws(ArbiterError) in try abTest(from: test) }
            })
        case ARBITER__V1__RESPONSE__RESULT_STOP_AB_TEST:
            return .stopAbTest(try nested("stop_ab_test.test") { () throws(ArbiterError) in try abTest(from: m.stop_ab_test?.pointee.test) })
        case ARBITER__V1__RESPONSE__RESULT_ASSIGN_VARIANT:
            let p = m.assign_variant?.pointee
            return .assignVariant(try nested("assign_variant") { () throws(ArbiterError) in
                AbVariantAssignment(
                    testID: try string(p?.test_id, field: "test_id"), variant: try string(p?.variant, field: "variant"),
                    strategy: try string(p?.strategy, field: "strategy"))
            })
        case ARBITER__V1__RESPONSE__RESULT_ANALYZE_AB_TEST:
            return .analyzeAbTest(try nested("analyze_ab_test.analysis") { () throws(ArbiterError) in
                try analysis(from: m.analyze_ab_test?.pointee.analysis)
            })
        case ARBITER__V1__RESPONSE__RESULT_GRADUATE_AB_TEST:
            let p = m.graduate_ab_test?.pointee
            let test = try nested("graduate_ab_test.test") { () throws(ArbiterError) in try abTest(from: p?.test) }
            let result = try nested("graduate_ab_test.analysis") { () throws(ArbiterError) in try analysis(from: p?.analysis) }
            return .graduateAbTest(test: test, analysis: result)
        case ARBITER__V1__RESPONSE__RESULT_AB_STATISTICS:
            let p = m.ab_statistics?.pointee
            return .abStatistics(AbStatisticsResult(welch: welch(from: p?.welch), chiSquare: chiSquare(from: p?.chi_square), sequential: sequential(from: p?.sequential)))
        default:
            return nil
        }
    }

    // MARK: - Analysis

    private static func makeAnalysis(_ analysis: AbTestAnalysis, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__AbTestAnalysis> {
        let message = arena.make(arbiter__v1__ab_test_analysis__init)
        arena.set(&message.pointee.test_id, to: analysis.testID)
        message.pointee.control = makeGroup(analysis.control, in: arena)
        message.pointee.treatment = makeGroup(analysis.treatment, in: arena)
        arena.set(&message.pointee.primary_metric, to: analysis.primaryMetric.rawValue)
        arena.set(&message.pointee.stopping_rule, to: analysis.stoppingRule.rawValue)
        message.pointee.primary = makeWelch(analysis.primary, in: arena)
        message.pointee.sequential = makeSequential(analysis.sequential, in: arena)
        message.pointee.sample_ratio = makeChiSquare(analysis.sampleRatio, in: arena)
        message.pointee.sample_ratio_mismatch = cBool(analysis.sampleRatioMismatch)
        message.pointee.misassigned = UInt64(analysis.misassigned)
        message.pointee.quality = makeWelch(analysis.quality, in: arena)
        message.pointee.success = makeWelch(analysis.success, in: arena)
        arena.set(&message.pointee.verdict, to: analysis.verdict.rawValue)
        arena.set(&message.pointee.winner, to: analysis.winner?.rawValue ?? "")
        message.pointee.control_samples_needed = UInt32(clamping: analysis.controlSamplesNeeded)
        message.pointee.treatment_samples_needed = UInt32(clamping: analysis.treatmentSamplesNeeded)
        (message.pointee.n_notes, message.pointee.notes) = makeStrings(analysis.notes, in: arena)
        return message
    }

    private static func analysis(from message: UnsafeMutablePointer<Arbiter__V1__AbTestAnalysis>?) throws(ArbiterError) -> AbTestAnalysis {
        guard let m = message?.pointee else { throw ArbiterError(.invalidArgument, "the analysis is missing") }
        let metric: AbTest.Metric = try named(m.primary_metric, field: "primary_metric", what: "primary metric")
        let rule: AbTest.StoppingRule = try named(m.stopping_rule, field: "stopping_rule", what: "stopping rule")
        let verdict: AbTestAnalysis.Verdict = try named(m.verdict, field: "verdict", what: "verdict")
        return AbTestAnalysis(
            testID: try string(m.test_id, field: "test_id"),
            control: group(from: m.control),
            treatment: group(from: m.treatment),
            primaryMetric: metric,
            stoppingRule: rule,
            primary: welch(from: m.primary),
            sequential: sequential(from: m.sequential),
            sampleRatio: chiSquare(from: m.sample_ratio),
            sampleRatioMismatch: bool(m.sample_ratio_mismatch),
            misassigned: int(m.misassigned),
            quality: welch(from: m.quality),
            success: welch(from: m.success),
            verdict: verdict,
            winner: AbVariant(rawValue: try string(m.winner, field: "winner")),
            controlSamplesNeeded: int(m.control_samples_needed),
            treatmentSamplesNeeded: int(m.treatment_samples_needed),
            notes: try strings(m.notes, count: m.n_notes, field: "notes"))
    }

    private static func makeGroup(_ group: AbGroupMetrics, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__AbGroupMetrics> {
        let message = arena.make(arbiter__v1__ab_group_metrics__init)
        message.pointee.total_tasks = UInt64(group.totalTasks)
        message.pointee.avg_quality_score = group.avgQualityScore
        message.pointee.success_rate = group.successRate
        message.pointee.avg_cost = group.avgCost
        message.pointee.avg_value_delivered = group.avgValueDelivered
        message.pointee.value_per_dollar = group.valuePerDollar
        message.pointee.avg_execution_time = group.avgExecutionTime
        message.pointee.primary_samples = UInt64(group.primarySamples)
        return message
    }

    private static func group(from message: UnsafeMutablePointer<Arbiter__V1__AbGroupMetrics>?) -> AbGroupMetrics {
        var group = AbGroupMetrics()
        guard let m = message?.pointee else { return group }
        group.totalTasks = int(m.total_tasks)
        group.avgQualityScore = m.avg_quality_score
        group.successRate = m.success_rate
        group.avgCost = m.avg_cost
        group.avgValueDelivered = m.avg_value_delivered
        group.valuePerDollar = m.value_per_dollar
        group.avgExecutionTime = m.avg_execution_time
        group.primarySamples = int(m.primary_samples)
        return group
    }

    /// Nil is sent as a message with `computed` false, so clients read one shape.
    private static func makeWelch(_ test: WelchTTest?, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__WelchTestResult> {
        let message = arena.make(arbiter__v1__welch_test_result__init)
        guard let test else { return message }
        message.pointee.computed = cBool(true)
        message.pointee.t = test.t
        message.pointee.degrees_of_freedom = test.degreesOfFreedom
        message.pointee.p_value = test.pValue
        message.pointee.difference = test.difference
        message.pointee.confidence_low = test.confidenceLow
        message.pointee.confidence_high = test.confidenceHigh
        message.pointee.confidence_level = test.confidenceLevel
        if let lift = test.relativeLift {
            message.pointee.relative_lift_value_case = ARBITER__V1__WELCH_TEST_RESULT__RELATIVE_LIFT_VALUE_RELATIVE_LIFT
            message.pointee.relative_lift = lift
        }
        message.pointee.control_count = UInt64(test.control.count)
        message.pointee.treatment_count = UInt64(test.treatment.count)
        message.pointee.control_mean = test.control.mean
        message.pointee.treatment_mean = test.treatment.mean
        message.pointee.standard_error = test.standardError
        message.pointee.control_variance = test.control.variance
        message.pointee.treatment_variance = test.treatment.variance
        return message
    }

    private static func welch(from message: UnsafeMutablePointer<Arbiter__V1__WelchTestResult>?) -> WelchTTest? {
        guard let m = message?.pointee, bool(m.computed) else { return nil }
        return WelchTTest(
            control: SampleSummary(count: int(m.control_count), mean: m.control_mean, variance: m.control_variance),
            treatment: SampleSummary(count: int(m.treatment_count), mean: m.treatment_mean, variance: m.treatment_variance),
            difference: m.difference, standardError: m.standard_error, t: m.t, degreesOfFreedom: m.degrees_of_freedom,
            pValue: m.p_value, confidenceLevel: m.confidence_level, confidenceLow: m.confidence_low, confidenceHigh: m.confidence_high,
            relativeLift: m.relative_lift_value_case == ARBITER__V1__WELCH_TEST_RESULT__RELATIVE_LIFT_VALUE_RELATIVE_LIFT ? m.relative_lift : nil)
    }

    private static func makeChiSquare(_ test: ChiSquareTest?, in arena: ProtobufArena) -> UnsafeMutablePointer<Arbiter__V1__ChiSquareTestResult> {
        let message = arena.make(arbiter__v1__chi_square_test_result__init)
        guard let test else { return message }
        message.pointee.computed = cBool(true)
        message.pointee.statistic = test.statistic
        message.pointee.degrees_of_freedom = UInt32(clamping: test.degreesOfFreedom)
        message.pointee.p_value = test.pValue
        (message.pointee.n_observed, message.pointee.observed) = makeScalars(test.observed.map { UInt64(clamping: $0) }, in: arena)
        (message.pointee.n_expected, message.pointee.expected) = makeScalars(test.expected, in: arena)
        return message
    }

    private static func chiSquare(from message: UnsafeMutablePointer<Arbiter__V1__ChiSquareTestResult>?) -> ChiSquareTest? {
        guard let m = message?.pointee, bool(m.computed) else { return nil }
        return ChiSquareTest(
            observed: scalars(m.observed, count: m.n_observed).map { Int(clamping: $0) },
            expected: scalars(m.expected, count: m.n_expected),
            statistic: m.statistic, degreesOfFreedom: int(m.degrees_of_freedom), pValue: m.p_value)
    }

    private static func makeSequential(
        _ summary: SequentialTest.Summary?, in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__SequentialTestResult> {
        let message = arena.make(arbiter__v1__sequential_test_result__init)
        guard let summary else { return message }
        message.pointee.computed = cBool(true)
        message.pointee.likelihood_ratio = summary.likelihoodRatio
        message.pointee.max_likelihood_ratio = summary.maximumLikelihoodRatio
        message.pointee.always_valid_p_value = summary.alwaysValidPValue
        message.pointee.significant = cBool(summary.isSignificant)
        message.pointee.decided_at_samples = UInt64(summary.decidedAtSamples ?? 0)
        message.pointee.decided_direction = Int32(summary.decidedDirection ?? 0)
        return message
    }

    private static func sequential(from message: UnsafeMutablePointer<Arbiter__V1__SequentialTestResult>?) -> SequentialTest.Summary? {
        guard let m = message?.pointee, bool(m.computed) else { return nil }
        return SequentialTest.Summary(
            likelihoodRatio: m.likelihood_ratio, maximumLikelihoodRatio: m.max_likelihood_ratio, alwaysValidPValue: m.always_valid_p_value,
            isSignificant: bool(m.significant), decidedAtSamples: m.decided_at_samples == 0 ? nil : int(m.decided_at_samples),
            decidedDirection: m.decided_direction == 0 ? nil : Int(m.decided_direction))
    }

    // MARK: - Repeated scalars

    private static func makeScalars<Element>(_ values: [Element], in arena: ProtobufArena) -> (Int, UnsafeMutablePointer<Element>?) {
        guard !values.isEmpty else { return (0, nil) }
        let storage = arena.storage(for: Element.self, count: values.count)
        for (index, value) in values.enumerated() { (storage + index).initialize(to: value) }
        return (values.count, storage)
    }

    private static func scalars<Element>(_ pointer: UnsafeMutablePointer<Element>?, count: Int) -> [Element] {
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeBufferPointer(start: pointer, count: count))
    }
}
