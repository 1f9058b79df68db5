import ArbiterCore
@testable import ArbiterWire
import Testing

/// The learning messages survive a trip through protobuf-c, and bad values name their field.
@Suite struct LearningCodecTests {
    static let adjustment = Adjustment(
        id: "a-1", parameterName: "token_estimate_input_complex", parameterType: .tokenEstimation, originalValue: 1.3,
        adjustedValue: 1.69, adjustmentReason: "ratio 1.3", confidenceScore: 0.9, effectiveDateMs: 7, createdAtMs: 7,
        status: .applied, statusChangedAtMs: 7, appliedSequence: 4)

    @Test func requestsRoundTrip() throws {
        let methods: [WireRequest.Method] = [
            .runLearning(LearningRequest(asOfMs: 123, tokenWindowDays: 7, valueWindowDays: 0, costWindowDays: 90, dryRun: true)),
            .runLearning(LearningRequest()),
            .listAdjustments(AdjustmentFilter(parameterName: "x", parameterType: .valueScoring, status: .rejected, createdFromMs: 1, createdToMs: 2)),
            .listAdjustments(AdjustmentFilter()),
            .applyAdjustment(id: "a"), .rejectAdjustment(id: "b"), .getParameters,
            .getReport(ReportRequest(format: .html, asOfMs: 5)), .getReport(ReportRequest()),
        ]
        for method in methods {
            let request = WireRequest(requestID: 9, method: method)
            #expect(try WireCodec.decodeRequest(WireCodec.encode(request)) == request)
        }
    }

    @Test func responsesRoundTrip() throws {
        var report = LearningReport(
            asOfMs: 1000, dryRun: false, graduationThreshold: 0.8, executionsStored: 3,
            tokens: TokenCalibration(
                window: LearningWindow(startMs: 1, endMs: 1000), executions: 3,
                groups: [.init(dimension: .complexity, label: "c", executions: 3, meanInputRatio: 1.2, meanOutputRatio: 0.9)],
                points: [.init(complexity: "c", predictedInputTokens: 1, actualInputTokens: 2, predictedOutputTokens: 3, actualOutputTokens: 4)]),
            values: ValueCalibration(
                window: LearningWindow(startMs: 2, endMs: 1000), executions: 30, enoughData: true, correlation: 0.5, prioritiesExamined: true,
                groups: [.init(dimension: .priority, label: "P0", executions: 30, meanPredicted: 0, meanDelivered: 5)],
                points: [.init(predicted: 1, delivered: 2)]),
            costs: CostEffectiveness(
                window: LearningWindow(startMs: 3, endMs: 1000), premiumExecutions: 4, executionsWithSaving: 2, bestSaving: 9.5,
                opportunities: [.init(priority: "P1", domain: "d", complexity: "c", currentModel: "big", suggestedModel: "small", executions: 2,
                                      totalSaving: 9.5, qualityDifference: 0.1, confidence: 0.7, suggestedModelTasks: 7, meanActualCost: 5, meanSuggestedCost: 0.25)]),
            adjustments: [Self.adjustment], valuePerDollar: [.init(model: "m", taskType: "P1_d_c", valuePerDollar: 12, samples: 3)],
            history: [Self.adjustment], sections: [.init(title: "A/B", lines: ["one", "two"])],
            abTests: [
                AbTestVerdictSummary(
                    testID: "t", name: "n", status: .active, verdict: .guardrailFailed, winner: .treatment, primaryMetric: .qualityScore,
                    stoppingRule: .fixedHorizon, sequentialPValue: 0.01, fixedHorizonPValue: 0, controlSamples: 40, treatmentSamples: 41,
                    controlSamplesNeeded: 0, treatmentSamplesNeeded: 0, verdictWithheld: false, guardrailFailed: true, controlMean: 2.5,
                    treatmentMean: 3, controlStrategy: "a", treatmentStrategy: "b"),
                // Absent p-values stay absent (a p of 0 is present, above).
                AbTestVerdictSummary(
                    testID: "u", name: "", status: .graduationReverted, verdict: .insufficientData, winner: nil, primaryMetric: .valuePerDollar,
                    stoppingRule: .sequential, sequentialPValue: nil, fixedHorizonPValue: nil, controlSamples: 1, treatmentSamples: 0,
                    controlSamplesNeeded: 29, treatmentSamplesNeeded: 30, verdictWithheld: true, guardrailFailed: false, controlMean: 0,
                    treatmentMean: 0, controlStrategy: "a", treatmentStrategy: "b"),
            ])
        // Every setting differs from its default, so a field the codec dropped would show.
        report.configuration.tokenWindowDays = 14
        report.configuration.tokenRatioTolerance = 0.1
        report.configuration.tokenFullConfidenceCount = 40
        report.configuration.valueWindowDays = 21
        report.configuration.valueMinimumExecutions = 10
        report.configuration.correlationThreshold = 0.7
        report.configuration.valueRatioTolerance = 0.25
        report.configuration.priorityFullConfidenceCount = 15
        report.configuration.domainMinimumExecutions = 3
        report.configuration.domainFullConfidenceCount = 12
        report.configuration.costWindowDays = 90
        report.configuration.maximumQualityLoss = 0.3
        report.configuration.minimumSaving = 2.5
        report.configuration.costFullConfidenceCount = 8
        report.configuration.costLoggingConfidence = 0.4
        report.configuration.graduationThreshold = 0.8
        #expect(report.configuration != LearningConfiguration())
        let payloads: [WireResponse.Payload] = [
            .runLearning(report), .listAdjustments([Self.adjustment]), .applyAdjustment(Self.adjustment), .rejectAdjustment(Self.adjustment),
            .getParameters([EffectiveParameter(name: "base_input_tokens", value: 4000, source: .catalog),
                            EffectiveParameter(name: Self.adjustment.parameterName, value: 1.69, source: .adjustment, adjustment: Self.adjustment)]),
            .getReport(ReportDocument(report: report, document: "# report")),
        ]
        for payload in payloads {
            let response = WireResponse(requestID: 3, result: .success(payload))
            #expect(try WireCodec.decodeResponse(WireCodec.encode(response)) == response)
        }
        report.values.correlation = nil
        let response = WireResponse(requestID: 3, result: .success(.runLearning(report)))
        #expect(try WireCodec.decodeResponse(WireCodec.encode(response)) == response)
    }

    @Test func adjustmentRecordsRoundTrip() throws {
        let bytes = WireCodec.encode(Self.adjustment)
        #expect(try bytes.withUnsafeBytes { try WireCodec.decodeAdjustment($0) } == Self.adjustment)
    }

    @Test func unknownEnumValuesNameTheirField() throws {
        var request = WireRequest(requestID: 1, method: .getReport(ReportRequest(format: .html)))
        var bytes = WireCodec.encode(request)
        // Patch the format enum (the last byte of the nested message) to an unknown value.
        let index = try #require(bytes.lastIndex(of: UInt8(ReportFormat.html.rawValue)))
        bytes[index] = 9
        #expect(throws: ArbiterError(.invalidArgument, "unknown report format 9; expected PROTOBUF (1), MARKDOWN (2) or HTML (3)", field: "format")) {
            try WireCodec.decodeRequest(bytes)
        }
        request = WireRequest(requestID: 1, method: .listAdjustments(AdjustmentFilter(status: .rejected)))
        bytes = WireCodec.encode(request)
        let status = try #require(bytes.lastIndex(of: 3))
        bytes[status] = 8
        #expect(throws: ArbiterError.self) { try WireCodec.decodeRequest(bytes) }
    }
}
