import ArbiterCore
import ArbiterWire
import Testing

/// The A/B testing messages (ab_testing.proto) through protobuf-c and back.
@Suite("A/B testing round trips")
struct AbTestingCodecTests {
    static let test = AbTest(
        testID: "test-002", name: "Infrastructure Model Preference", description: "DeepSeek vs Sonnet ✓",
        control: AbStrategy(name: "sonnet", description: "d", preferredModel: "sonnet-4.5", subscriptionThreshold: 0, rankingStrategy: .thompson),
        treatment: AbStrategy(name: "learned", complexityMultipliers: ["simple": 0.6, "medium": 1.1, "complex": 1.7]),
        assignmentRatio: 0.3, criteria: AbTestCriteria(priorities: ["P2"], domains: ["infrastructure", "ops"], complexities: [], models: ["m"]),
        startMs: 1_700_000_000_000, endMs: 1_800_000_000_000, minSamples: 2, primaryMetric: .valueDelivered, significanceLevel: 0.01,
        stoppingRule: .fixedHorizon, status: .graduated, stoppedMs: 1_750_000_000_000, graduatedVariant: .treatment, createdMs: 1_600_000_000_000,
        revertedMs: 1_760_000_000_000, revertReason: "rejected")

    static var analysis: AbTestAnalysis {
        var observations: [AbObservation] = []
        for i in 0..<60 {
            let variant: AbVariant = i % 3 == 0 ? .treatment : .control
            observations.append(AbObservation(
                variant: variant, success: i % 4 != 0, qualityScore: Double(i % 10), cost: 0.1 + Double(i % 7) / 100,
                valueDelivered: i % 5 == 0 ? nil : Double(i), executionTimeSeconds: Double(i)))
        }
        return AbTestAnalysis(test: AbTest(testID: "a", control: test.control, treatment: test.treatment, minSamples: 5), observations: observations)
    }

    @Test("every A/B testing request", arguments: [
        WireRequest.Method.createAbTest(test),
        .getAbTest(testID: "x"),
        .listAbTests,
        .stopAbTest(testID: "日本"),
        .assignVariant(task: TaskDescriptor(taskID: "t", priority: "P1", domain: "d", complexity: "c"), candidates: ["a", "b"]),
        .analyzeAbTest(testID: "a"),
        .graduateAbTest(testID: "g"),
        .abStatistics(AbStatisticsQuery(control: [1, 2.5, -3], treatment: [4], alpha: 0.01, observed: [10, 20], expectedShares: [0.5, 0.5])),
    ])
    func requestRoundTrip(method: WireRequest.Method) throws {
        let request = WireRequest(requestID: 77, method: method)
        #expect(try Fixtures.requestRoundTrip(request) == request)
    }

    @Test("every A/B testing response")
    func responseRoundTrip() throws {
        let analysis = Self.analysis
        #expect(analysis.primary != nil && analysis.sequential != nil && analysis.sampleRatio != nil)
        let statistics = AbStatisticsResult(
            welch: WelchTTest(control: [1, 2, 3], treatment: [2, 4, 9]), chiSquare: ChiSquareTest(observed: [4, 6], expectedShares: [1, 1]),
            sequential: nil)
        let payloads: [WireResponse.Payload] = [
            .createAbTest(Self.test), .getAbTest(Self.test), .listAbTests([Self.test, Self.test]), .listAbTests([]), .stopAbTest(Self.test),
            .assignVariant(AbVariantAssignment(testID: "t", variant: "control", strategy: "s")),
            .analyzeAbTest(analysis), .graduateAbTest(test: Self.test, analysis: analysis), .abStatistics(statistics),
            .abStatistics(AbStatisticsResult(welch: nil, chiSquare: nil, sequential: nil)),
        ]
        for payload in payloads {
            let response = WireResponse(requestID: 5, result: .success(payload))
            #expect(try Fixtures.responseRoundTrip(response) == response)
        }
    }

    @Test("an A/B test record decodes to what was encoded")
    func testRecord() throws {
        let bytes = WireCodec.encode(Self.test)
        let decoded = try bytes.withUnsafeBytes { raw in Result { () throws(ArbiterError) in try WireCodec.decodeAbTest(raw) } }.get()
        #expect(decoded == Self.test)
    }

    @Test("an unknown metric, stopping rule or ranking strategy names its field")
    func unknownNames() throws {
        var request = WireRequest(requestID: 1, method: .listAbTests)
        var bad = Self.test
        bad.treatment.rankingStrategy = nil
        request.method = .createAbTest(bad)
        var bytes = WireCodec.encode(request)
        // Replace the stopping rule's bytes (fixed_horizon) with another name of the same length.
        let rule = Array("fixed_horizon".utf8)
        if let start = bytes.indices.first(where: { bytes[$0...].starts(with: rule) }) {
            bytes.replaceSubrange(start..<start + rule.count, with: Array("fixed_horizoX".utf8))
        }
        #expect(throws: ArbiterError(.invalidArgument, "unknown stopping rule \"fixed_horizoX\"; expected sequential or fixed_horizon", field: "test.stopping_rule")) {
            try WireCodec.decodeRequest(bytes)
        }
    }
}
