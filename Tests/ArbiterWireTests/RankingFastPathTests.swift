import ArbiterCore
@testable import ArbiterWire
import Testing

/// The hand-written `rank_models` response codec against the protobuf-c path it replaces.
@Suite("rank_models response fast path")
struct RankingFastPathTests {
    /// Results that exercise every emission rule: zero and negative zero (left out), NaN and
    /// infinities, negative token counts (ten-byte varints), empty, non-ASCII and NUL-holding
    /// strings, lengths past one varint byte, no seed, every enum value.
    static let results: [RankingResult] = {
        var results = [
            Fixtures.ranking,
            RankingResult(ranked: [], excluded: [], strategy: .greedy),
            RankingResult(ranked: [], excluded: [ExcludedCandidate(model: "", reason: .disabled)], strategy: .seedCompat, seed: 0),
            RankingResult(ranked: (0..<40).map(Fixtures.ranked), excluded: [], strategy: .greedy, seed: .max),
            // A/B testing: the test and variant (fields 30 and 31), a preferred model's reason.
            RankingResult(ranked: [Fixtures.ranked(5)], excluded: [], strategy: .greedy, abTestID: "test-001", abVariant: "treatment"),
            RankingResult(ranked: [], excluded: [], strategy: .thompson, seed: 9, abTestID: "", abVariant: "production"),
            RankingResult(ranked: [], excluded: [], strategy: .seedCompat, abTestID: "é\u{0}cut", abVariant: String(repeating: "v", count: 200)),
        ]
        var preferred = Fixtures.ranked(6)
        preferred.assignmentReason = .strategyPreference
        results.append(RankingResult(ranked: [preferred], excluded: [], strategy: .greedy, abTestID: "t", abVariant: "control"))
        var odd = Fixtures.ranked(1)
        odd.model = ""
        odd.score = -0.0
        odd.expectedQuality = .nan
        odd.expectedSuccessRate = .infinity
        odd.expectedValuePerDollar = -.infinity
        odd.estimatedCost = 0
        odd.confidence = -1e-300
        odd.estimate = TaskEstimate(model: "naïve ✓ 日本語", inputTokens: .min, outputTokens: 0, cost: -0.0, valueScore: .greatestFiniteMagnitude)
        var long = Fixtures.ranked(2)
        long.model = String(repeating: "m", count: 300)
        long.estimate.model = "cut\u{0}here"
        long.estimate.inputTokens = .max
        results.append(RankingResult(
            ranked: [odd, long, Fixtures.ranked(3)],
            excluded: ExclusionReason.allCases.map { ExcludedCandidate(model: "x\u{0}y é", reason: $0) },
            strategy: .thompson,
            seed: 1))
        var random = SeededRandom(seed: 42)
        for _ in 0..<200 {
            let count = Int(random.next() % 25)
            let ranked = (0..<count).map { index -> RankedModel in
                var model = Fixtures.ranked(index)
                model.score = random.double()
                model.expectedQuality = random.double()
                model.confidence = random.double()
                model.estimate.inputTokens = Int64(bitPattern: random.next() >> (random.next() % 64))
                model.estimate.outputTokens = -Int64(random.next() % 1000)
                model.estimate.cost = random.double()
                return model
            }
            results.append(RankingResult(
                ranked: ranked, excluded: [], strategy: RankingStrategy.allCases[Int(random.next() % 3)],
                seed: random.next() % 2 == 0 ? nil : random.next()))
        }
        return results
    }()

    @Test("encodes the bytes protobuf-c packs")
    func sameBytes() {
        for (index, result) in Self.results.enumerated() {
            for requestID: UInt64 in [0, 1, 300, .max] {
                let response = WireResponse(requestID: requestID, result: .success(.rankModels(result)))
                #expect(WireCodec.encode(response) == WireCodec.encodeWithProtobufC(response), "result \(index), request id \(requestID)")
            }
        }
    }

    @Test("decodes what protobuf-c decodes, and takes every canonical response")
    func sameValues() throws {
        for (index, result) in Self.results.enumerated() {
            let bytes = WireCodec.encodeWithProtobufC(WireResponse(requestID: 77, result: .success(.rankModels(result))))
            let expected = try bytes.withUnsafeBytes { raw in
                Result { () throws(ArbiterError) in try WireCodec.decodeWithProtobufC(raw) }
            }.get()
            // Strings holding NUL were cut there when encoding, so every result's bytes are canonical.
            let decoded = try #require(bytes.withUnsafeBytes { WireCodec.decodeRankingResponse($0) }, "result \(index)")
            // Compared through their encodings, which tell NaN and -0.0 apart and match them.
            #expect(WireCodec.encodeWithProtobufC(decoded) == WireCodec.encodeWithProtobufC(expected), "result \(index)")
        }
    }

    @Test("a NUL inside a string is left to the C-string path, which cuts the string there")
    func nulInString() throws {
        let bytes = Fixtures.patching(
            WireCodec.encode(WireResponse(requestID: 3, result: .success(.rankModels(Fixtures.ranking)))), marker: "model-2", with: [0x6D, 0x00])
        #expect(bytes.withUnsafeBytes { WireCodec.decodeRankingResponse($0) } == nil)
        guard case .success(.rankModels(let result)) = try WireCodec.decodeResponse(bytes).result else {
            Issue.record("wrong result")
            return
        }
        #expect(result.ranked[2].model == "m")
    }

    @Test("damaged responses decode, or fail, exactly as through protobuf-c")
    func damagedBytes() {
        let bytes = WireCodec.encodeWithProtobufC(WireResponse(requestID: 5, result: .success(.rankModels(Fixtures.ranking))))
        var variants: [[UInt8]] = (0..<bytes.count).map { Array(bytes[..<$0]) }
        for index in bytes.indices {
            for mask: UInt8 in [0x01, 0x02, 0x08, 0x40, 0x80, 0xFF] {
                var damaged = bytes
                damaged[index] ^= mask
                variants.append(damaged)
            }
        }
        // Another result after the ranking, an unknown field, a repeated ranking, an error with the ranking.
        variants.append(bytes + [0x82, 0x01, 0x00])
        variants.append(bytes + [0xF8, 0x07, 0x01])
        variants.append(bytes + Array(bytes.dropFirst(2)))
        variants.append([0x08, 0x05, 0x12, 0x02, 0x08, 0x01] + Array(bytes.dropFirst(2)))
        for (index, variant) in variants.enumerated() {
            let general = variant.withUnsafeBytes { raw in
                Result { () throws(ArbiterError) in try WireCodec.decodeWithProtobufC(raw) }
            }
            let public_ = Result { () throws(ArbiterError) in try WireCodec.decodeResponse(variant) }
            switch (general, public_) {
            case (.success(let a), .success(let b)):
                #expect(WireCodec.encodeWithProtobufC(a) == WireCodec.encodeWithProtobufC(b), "variant \(index)")
            case (.failure(let a), .failure(let b)):
                #expect(a == b, "variant \(index)")
            default:
                Issue.record("variant \(index): \(general) through protobuf-c, \(public_) through decodeResponse")
            }
        }
    }
}

/// Seeded (ArbiterCore's own generator), so failures reproduce.
private extension SeededRandom {
    /// Any bit pattern now and then (NaN, infinities, subnormals, -0.0), else a plain figure.
    mutating func double() -> Double {
        switch next() % 8 {
        case 0: Double(bitPattern: next())
        case 1: 0
        case 2: -0.0
        default: Double(next() % 100_000) / 1000
        }
    }
}
