import ArbiterCore
import ArbiterWire
import Testing

@Suite("Catalog, estimation and ranking requests")
struct RankingRequestCodecTests {
    @Test("list_models")
    func listModels() throws {
        let request = WireRequest(requestID: 8, method: .listModels)
        let bytes = WireCodec.encode(request)
        // request_id, then field 14 with an empty message: the method stays set.
        #expect(bytes == [0x08, 0x08, 0x72, 0x00])
        #expect(try WireCodec.decodeRequest(bytes) == request)
    }

    @Test("reload_catalog and get_subscription_usage, with and without their string", arguments: ["", "/etc/arbiter/ü.yaml"])
    func stringRequests(value: String) throws {
        for method in [WireRequest.Method.reloadCatalog(path: value), .getSubscriptionUsage(model: value)] {
            let request = WireRequest(requestID: 9, method: method)
            #expect(try Fixtures.requestRoundTrip(request) == request)
        }
    }

    @Test("estimate_task", arguments: [
        (Fixtures.fullTask, ["premium-a", "", "sub-tasks"]),
        (Fixtures.minimalTask, []),
        (TaskDescriptor(priority: "", domain: "", complexity: ""), ["only"]),
    ] as [(TaskDescriptor, [String])])
    func estimateTask(task: TaskDescriptor, candidates: [String]) throws {
        let request = WireRequest(requestID: 10, method: .estimateTask(task: task, candidates: candidates))
        #expect(try Fixtures.requestRoundTrip(request) == request)
    }

    @Test("predictions set to zero stay set, nil ones stay nil", arguments: [
        (Int64?.some(0), Int64?.none, Double?.none),
        (nil, 0, nil),
        (nil, nil, 0),
        (0, 0, -0.0),
        (-1, Int64.min, 1e300),
    ] as [(Int64?, Int64?, Double?)])
    func predictions(input: Int64?, output: Int64?, value: Double?) throws {
        var task = Fixtures.minimalTask
        task.predictedInputTokens = input
        task.predictedOutputTokens = output
        task.predictedValueScore = value
        let request = WireRequest(requestID: 11, method: .rankModels(RankingRequest(task: task)))
        guard case .rankModels(let decoded) = try Fixtures.requestRoundTrip(request).method else {
            Issue.record("wrong method")
            return
        }
        #expect(decoded.task.predictedInputTokens == input)
        #expect(decoded.task.predictedOutputTokens == output)
        #expect(decoded.task.predictedValueScore == value)
    }

    @Test("rank_models with every strategy", arguments: [RankingStrategy?.none] + RankingStrategy.allCases.map(Optional.some))
    func rankModels(strategy: RankingStrategy?) throws {
        let ranking = RankingRequest(
            task: Fixtures.fullTask, candidates: ["a", "b"], strategy: strategy, topK: 3, seed: 42, failedModels: ["c", "é"])
        let request = WireRequest(requestID: 12, method: .rankModels(ranking))
        #expect(try Fixtures.requestRoundTrip(request) == request)
    }

    @Test("rank_models seeds: absent, zero and large are told apart", arguments: [nil, 0, 1, UInt64.max] as [UInt64?])
    func seeds(seed: UInt64?) throws {
        let request = WireRequest(requestID: 13, method: .rankModels(RankingRequest(task: Fixtures.minimalTask, seed: seed)))
        #expect(try Fixtures.requestRoundTrip(request) == request)
    }

    @Test("top_k round trips within uint32 and clamps outside it")
    func topK() throws {
        for (sent, received) in [(0, 0), (1, 1), (Int(UInt32.max), Int(UInt32.max)), (-1, 0), (Int.max, Int(UInt32.max))] {
            let request = WireRequest(requestID: 14, method: .rankModels(RankingRequest(task: Fixtures.minimalTask, topK: sent)))
            guard case .rankModels(let decoded) = try Fixtures.requestRoundTrip(request).method else {
                Issue.record("wrong method")
                return
            }
            #expect(decoded.topK == received, "top_k \(sent)")
        }
    }

    @Test("a missing task decodes as an empty one", arguments: [
        // request_id 1; estimate_task (field 16) {} and rank_models (field 17) {}.
        [0x08, 0x01, 0x82, 0x01, 0x00],
        [0x08, 0x01, 0x8A, 0x01, 0x00],
    ] as [[UInt8]])
    func missingTask(bytes: [UInt8]) throws {
        let empty = TaskDescriptor(priority: "", domain: "", complexity: "")
        switch try WireCodec.decodeRequest(bytes).method {
        case .estimateTask(let task, let candidates):
            #expect(task == empty && candidates.isEmpty)
        case .rankModels(let ranking):
            #expect(ranking == RankingRequest(task: empty))
        case let method:
            Issue.record("wrong method \(method)")
        }
    }

    @Test("an unknown strategy is refused, naming the valid ones", arguments: ["bogus!", "GREEDY", "thomps"])
    func unknownStrategy(name: String) throws {
        // A same-length name over "greedy", so that every length prefix stays right.
        let bytes = WireCodec.encode(WireRequest(requestID: 15, method: .rankModels(RankingRequest(task: Fixtures.minimalTask, strategy: .greedy))))
        let error = Fixtures.requestError(Fixtures.patching(bytes, marker: "greedy", with: Array(name.utf8)))
        #expect(error?.code == .invalidArgument)
        #expect(error?.field == "strategy")
        #expect(error?.message == "unknown strategy \"\(name)\"; expected greedy, thompson or seed_compat, or empty for the server's default")
    }

    @Test("a very long unknown strategy is quoted in part")
    func longStrategy() throws {
        // request_id 1; rank_models (field 17) { strategy (field 3): 200 × "x" }.
        let bytes: [UInt8] = [0x08, 0x01, 0x8A, 0x01, 0xCB, 0x01, 0x1A, 0xC8, 0x01] + Array(repeating: UInt8(ascii: "x"), count: 200)
        let error = Fixtures.requestError(bytes)
        #expect(error?.field == "strategy")
        #expect(error?.message.hasPrefix("unknown strategy \"" + String(repeating: "x", count: 64) + "…\"; expected") == true)
    }

    @Test("invalid UTF-8 in a task names the path under `task`")
    func taskUTF8() throws {
        let fields: [(WritableKeyPath<TaskDescriptor, String>, String)] = [
            (\.taskID, "task_id"), (\.priority, "priority"), (\.domain, "domain"),
            (\.complexity, "complexity"), (\.taskTitle, "task_title"),
        ]
        for (keyPath, name) in fields {
            var task = Fixtures.fullTask
            task[keyPath: keyPath] = "MARKER"
            for method in [WireRequest.Method.estimateTask(task: task, candidates: ["a"]), .rankModels(RankingRequest(task: task))] {
                let bytes = Fixtures.patching(WireCodec.encode(WireRequest(requestID: 16, method: method)), marker: "MARKER", with: [0xFF])
                #expect(Fixtures.requestError(bytes) == ArbiterError(.invalidArgument, "not valid UTF-8", field: "task.\(name)"))
            }
        }
    }

    @Test("invalid UTF-8 in the other request strings names them")
    func otherUTF8() throws {
        let cases: [(WireRequest.Method, String)] = [
            (.estimateTask(task: Fixtures.minimalTask, candidates: ["a", "b", "MARKER"]), "candidates[2]"),
            (.rankModels(RankingRequest(task: Fixtures.minimalTask, candidates: ["MARKER"])), "candidates[0]"),
            (.rankModels(RankingRequest(task: Fixtures.minimalTask, failedModels: ["a", "MARKER"])), "failed_models[1]"),
            (.reloadCatalog(path: "MARKER"), "path"),
            (.getSubscriptionUsage(model: "MARKER"), "model"),
        ]
        for (method, field) in cases {
            let bytes = Fixtures.patching(WireCodec.encode(WireRequest(requestID: 17, method: method)), marker: "MARKER", with: [0xC3, 0x28])
            #expect(Fixtures.requestError(bytes) == ArbiterError(.invalidArgument, "not valid UTF-8", field: field))
        }
        // Bad bytes in the strategy are a UTF-8 error, not an unknown strategy.
        let ranking = RankingRequest(task: Fixtures.minimalTask, strategy: .thompson)
        let bytes = Fixtures.patching(WireCodec.encode(WireRequest(requestID: 18, method: .rankModels(ranking))), marker: "thompson", with: [0xFF])
        #expect(Fixtures.requestError(bytes) == ArbiterError(.invalidArgument, "not valid UTF-8", field: "strategy"))
    }
}

@Suite("Catalog, estimation and ranking responses")
struct RankingResponseCodecTests {
    @Test("list_models and reload_catalog with every kind of model")
    func catalogs() throws {
        for payload in [WireResponse.Payload.listModels(Fixtures.catalog), .reloadCatalog(Fixtures.catalog)] {
            let response = WireResponse(requestID: 1, result: .success(payload))
            #expect(try Fixtures.responseRoundTrip(response) == response)
        }
    }

    @Test("an empty catalog, and a reload_catalog without its catalog")
    func emptyCatalogs() throws {
        for payload in [WireResponse.Payload.listModels(CatalogSummary()), .reloadCatalog(CatalogSummary())] {
            let response = WireResponse(requestID: 2, result: .success(payload))
            #expect(try Fixtures.responseRoundTrip(response) == response)
        }
        // request_id 3; reload_catalog (field 15) {}.
        #expect(try WireCodec.decodeResponse([0x08, 0x03, 0x7A, 0x00]) == WireResponse(requestID: 3, result: .success(.reloadCatalog(CatalogSummary()))))
    }

    @Test("estimate_task")
    func estimation() throws {
        let response = WireResponse(requestID: 4, result: .success(.estimateTask(Fixtures.estimation)))
        #expect(try Fixtures.responseRoundTrip(response) == response)
        let empty = WireResponse(requestID: 5, result: .success(.estimateTask(EstimationResult(estimates: [], appliedAdjustments: [], excluded: []))))
        #expect(try Fixtures.responseRoundTrip(empty) == empty)
    }

    @Test("every estimate decodes with the response's applied adjustments")
    func perEstimateAdjustments() throws {
        var result = Fixtures.estimation
        result.estimates[0].appliedAdjustments = ["only.on.the.first"]
        result.estimates[1].appliedAdjustments = []
        let response = WireResponse(requestID: 6, result: .success(.estimateTask(result)))
        guard case .success(.estimateTask(let decoded)) = try Fixtures.responseRoundTrip(response).result else {
            Issue.record("wrong result")
            return
        }
        #expect(decoded.appliedAdjustments == Fixtures.adjustments)
        #expect(decoded.estimates.allSatisfy { $0.appliedAdjustments == Fixtures.adjustments })
    }

    @Test("rank_models")
    func ranking() throws {
        let response = WireResponse(requestID: 7, result: .success(.rankModels(Fixtures.ranking)))
        #expect(try Fixtures.responseRoundTrip(response) == response)
        for strategy in RankingStrategy.allCases {
            let bare = WireResponse(requestID: 8, result: .success(.rankModels(RankingResult(ranked: [], excluded: [], strategy: strategy))))
            #expect(try Fixtures.responseRoundTrip(bare) == bare)
        }
    }

    @Test("every source and assignment reason round trips")
    func sourcesAndReasons() throws {
        var ranked: [RankedModel] = []
        for source in ScoreSource.allCases {
            for reason in AssignmentReason.allCases {
                var model = Fixtures.ranked(ranked.count)
                model.source = source
                model.assignmentReason = reason
                ranked.append(model)
            }
        }
        let response = WireResponse(requestID: 9, result: .success(.rankModels(RankingResult(ranked: ranked, excluded: [], strategy: .greedy))))
        #expect(try Fixtures.responseRoundTrip(response) == response)
    }

    @Test("a ranking seed of 0 reads as none; ranked estimates lose their adjustments")
    func rankingLossyFields() throws {
        var result = Fixtures.ranking
        result.seed = 0
        result.ranked[0].estimate.appliedAdjustments = Fixtures.adjustments
        let response = WireResponse(requestID: 10, result: .success(.rankModels(result)))
        guard case .success(.rankModels(let decoded)) = try Fixtures.responseRoundTrip(response).result else {
            Issue.record("wrong result")
            return
        }
        #expect(decoded.seed == nil)
        #expect(decoded.ranked[0].estimate.appliedAdjustments.isEmpty)
    }

    @Test("a ranked model without its estimate gets an all-default one")
    func missingEstimate() throws {
        // request_id 1; rank_models (field 17) { models: [{ model: "m", source: PRIOR, assignment_reason: "cold_start" }], strategy: "greedy" }.
        let model: [UInt8] = [0x0A, 0x01, 0x6D, 0x40, 0x01, 0x4A, 0x0A] + Array("cold_start".utf8)
        let body: [UInt8] = [0x0A, UInt8(model.count)] + model + [0x1A, 0x06] + Array("greedy".utf8)
        let response = try WireCodec.decodeResponse([0x08, 0x01, 0x8A, 0x01, UInt8(body.count)] + body)
        guard case .success(.rankModels(let result)) = response.result else {
            Issue.record("wrong result \(response.result)")
            return
        }
        #expect(result.ranked.map(\.model) == ["m"])
        #expect(result.ranked.first?.estimate == TaskEstimate(model: "", inputTokens: 0, outputTokens: 0, cost: 0, valueScore: 0))
    }

    @Test("exclusions travel as a code and a sentence and come back as reasons")
    func exclusions() throws {
        // Names that contain the keywords must not confuse the reason.
        let excluded = ExclusionReason.allCases.flatMap { reason in
            ["plain", "quota-bot", "disabled-lm", "", "say \"hi\""].map { ExcludedCandidate(model: $0, reason: reason) }
        }
        let response = WireResponse(requestID: 11, result: .success(.rankModels(RankingResult(ranked: [], excluded: excluded, strategy: .greedy))))
        #expect(try Fixtures.responseRoundTrip(response) == response)
        let bytes = WireCodec.encode(WireResponse(requestID: 12, result: .success(.estimateTask(EstimationResult(estimates: [], appliedAdjustments: [], excluded: [
            ExcludedCandidate(model: "m", reason: .quotaExhausted),
        ])))))
        #expect(bytes.starts(with: [0x08, 0x0C]))
        let sentence = ExcludedCandidate(model: "m", reason: .quotaExhausted).message
        #expect(bytes.firstRange(of: Array(sentence.utf8)) != nil)
    }

    @Test("an exclusion without a known reason code is refused")
    func exclusionWithoutCode() throws {
        // request_id 1; estimate_task (field 16) { excluded: [{ model "m", reason "quota", code unset }] }.
        let excluded: [UInt8] = [0x0A, 0x01, 0x6D, 0x12, 0x05] + Array("quota".utf8)
        let body = [0x1A, UInt8(excluded.count)] + excluded
        let error = #expect(throws: ArbiterError.self) { try WireCodec.decodeResponse([0x08, 0x01, 0x82, 0x01, UInt8(body.count)] + body) }
        #expect(error?.field.hasSuffix("excluded[0].code") == true)
    }

    @Test("get_subscription_usage")
    func usage() throws {
        var unlimited = Fixtures.usage(model: "sub-b", periodMs: 3_600_000, index: -2)
        unlimited.quotaTokens = nil
        unlimited.quotaTasks = nil
        let usage = [
            Fixtures.usage(model: "sub-a", periodMs: 604_800_000, index: 2_864),
            unlimited,
            Fixtures.usage(model: "sub-c", periodMs: 1000, index: 0),
            SubscriptionUsage(model: "", periodIndex: 0, periodStartMs: 0, periodEndMs: 0),
        ]
        let response = WireResponse(requestID: 13, result: .success(.getSubscriptionUsage(usage)))
        #expect(try Fixtures.responseRoundTrip(response) == response)
        let none = WireResponse(requestID: 14, result: .success(.getSubscriptionUsage([])))
        #expect(try Fixtures.responseRoundTrip(none) == none)
    }

    @Test("utilisation is on the wire for other clients")
    func utilisation() throws {
        var usage = Fixtures.usage(model: "s", periodMs: 1000, index: 1)
        usage.tokensUsed = 2_500_000
        usage.tasksUsed = 30
        #expect(usage.utilisation == 0.5)
        let bytes = WireCodec.encode(WireResponse(requestID: 15, result: .success(.getSubscriptionUsage([usage]))))
        // Field 8, fixed64: 0.5 as little-endian IEEE 754.
        let half = withUnsafeBytes(of: (0.5).bitPattern.littleEndian) { Array($0) }
        #expect(bytes.firstRange(of: [0x41] + half) != nil)
    }

    @Test("invalid UTF-8 in responses names the path")
    func responseUTF8() throws {
        var catalog = Fixtures.catalog
        catalog.models[1].name = "MARKER"
        var estimation = Fixtures.estimation
        estimation.excluded[1] = ExcludedCandidate(model: "MARKER", reason: .disabled)
        var adjusted = Fixtures.estimation
        adjusted.appliedAdjustments = ["a", "MARKER"]
        var ranking = Fixtures.ranking
        ranking.ranked[2].estimate.model = "MARKER"
        let cases: [(WireResponse.Payload, String)] = [
            (.listModels(catalog), "list_models.models[1].name"),
            (.reloadCatalog(catalog), "reload_catalog.catalog.models[1].name"),
            (.estimateTask(estimation), "estimate_task.excluded[1].model"),
            (.estimateTask(adjusted), "estimate_task.applied_adjustments[1]"),
            (.rankModels(ranking), "rank_models.models[2].estimate.model"),
            (.getSubscriptionUsage([Fixtures.usage(model: "MARKER", periodMs: 1, index: 1)]), "get_subscription_usage.usage[0].model"),
        ]
        for (payload, field) in cases {
            let bytes = Fixtures.patching(WireCodec.encode(WireResponse(requestID: 16, result: .success(payload))), marker: "MARKER", with: [0xFF])
            #expect(Fixtures.responseError(bytes) == ArbiterError(.invalidArgument, "not valid UTF-8", field: field))
        }
    }

    @Test("enum values and names this build does not know are refused")
    func unknownEnums() throws {
        // request_id 1; list_models (field 14) { models: [{}] }: tier MODEL_TIER_UNSPECIFIED.
        let tier = Fixtures.responseError([0x08, 0x01, 0x72, 0x02, 0x0A, 0x00])
        #expect(tier?.code == .invalidArgument)
        #expect(tier?.field == "list_models.models[0].tier")

        // request_id 1; rank_models (field 17) { models: [{ source: 7 }], strategy: "greedy" }.
        let source = Fixtures.responseError([0x08, 0x01, 0x8A, 0x01, 0x0C, 0x0A, 0x02, 0x40, 0x07, 0x1A, 0x06] + Array("greedy".utf8))
        #expect(source?.code == .invalidArgument)
        #expect(source?.field == "rank_models.models[0].source")

        let ranked = WireCodec.encode(WireResponse(requestID: 1, result: .success(.rankModels(Fixtures.ranking))))
        let reason = Fixtures.responseError(Fixtures.patching(ranked, marker: "cold_start", with: Array("cold_stop".utf8)))
        #expect(reason?.field == "rank_models.models[4].assignment_reason")
        let strategy = Fixtures.responseError(Fixtures.patching(ranked, marker: "thompson", with: Array("thomases".utf8)))
        #expect(strategy?.field == "rank_models.strategy")
        #expect(strategy?.message == "unknown strategy \"thomases\"; expected greedy, thompson or seed_compat")
        // A ranking must name its strategy.
        #expect(Fixtures.responseError([0x08, 0x01, 0x8A, 0x01, 0x00])?.field == "rank_models.strategy")
    }
}
