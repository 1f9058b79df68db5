import ArbiterCore

/// `Response { request_id, rank_models }` encoded and decoded without protobuf-c.
///
/// Ranking is the call clients make before every task, and its response (20 ranked models, each with
/// a nested estimate, about 2 KB) cost protobuf-c several microseconds each way: building the C
/// structs, then packing that walks descriptors and sizes every nested message once per level above
/// it, and on the client an unpack that allocates every sub-message. These functions produce and
/// accept the same bytes directly.
///
/// The encoder emits exactly what the protobuf-c path emits (same field order, proto3 zero values
/// left out, strings cut at a NUL as the C strings were); `RankingResponseCodecTests` compares the
/// two byte for byte. The decoder takes only that canonical shape and returns nil for anything else
/// (unknown or repeated message fields, an error, another result, a string holding NUL or bad UTF-8,
/// an enum value or name this build does not know), so that protobuf-c and the general conversion
/// decide what such bytes mean and report their errors, exactly as before.
extension WireCodec {
    // MARK: - Encoding

    static func encodeRankingResponse(requestID: UInt64, _ result: RankingResult) -> [UInt8] {
        // Each model is read in place through a pointer: passed by value, even from an array
        // or buffer subscript, each was copied (three retains and releases) on every read.
        result.ranked.withUnsafeBufferPointer { ranked in
            encodeRankingResponse(requestID: requestID, ranked, result)
        }
    }

    private static func encodeRankingResponse(
        requestID: UInt64, _ ranked: UnsafeBufferPointer<RankedModel>, _ result: RankingResult
    ) -> [UInt8] {
        // The sentences are built once: `ExcludedCandidate.message` makes a new string per call.
        let excluded = result.excluded.map { ($0, $0.message) }
        let strategy = result.strategy.rawValue
        let seed = result.seed ?? 0
        // Each ranked model's size and its estimate's, worked out once and used to write both lengths.
        return withUnsafeTemporaryAllocation(of: (ranked: Int, estimate: Int).self, capacity: ranked.count) { sizes in
            var rankingSize = 0
            for index in ranked.indices {
                let estimate = estimateSize(of: ranked.baseAddress! + index)
                let model = rankedSize(of: ranked.baseAddress! + index, estimateSize: estimate)
                sizes[index] = (model, estimate)
                rankingSize += ProtobufWriter.lengthDelimitedSize(1, byteCount: model)
            }
            for (candidate, message) in excluded {
                rankingSize += ProtobufWriter.lengthDelimitedSize(2, byteCount: excludedSize(candidate, message))
            }
            rankingSize += ProtobufWriter.stringFieldSize(3, byteCount: wireByteCount(of: strategy))
            rankingSize += ProtobufWriter.varintFieldSize(4, seed)
            rankingSize += ProtobufWriter.stringFieldSize(30, byteCount: wireByteCount(of: result.abTestID))
            rankingSize += ProtobufWriter.stringFieldSize(31, byteCount: wireByteCount(of: result.abVariant))
            let total = ProtobufWriter.varintFieldSize(1, requestID) + ProtobufWriter.lengthDelimitedSize(17, byteCount: rankingSize)

            return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
                var writer = ProtobufWriter(buffer)
                writer.varintField(1, requestID)
                writer.lengthDelimited(17, byteCount: rankingSize)
                for index in ranked.indices {
                    writer.lengthDelimited(1, byteCount: sizes[index].ranked)
                    writeRanked(ranked.baseAddress! + index, estimateSize: sizes[index].estimate, to: &writer)
                }
                for (candidate, message) in excluded {
                    writer.lengthDelimited(2, byteCount: excludedSize(candidate, message))
                    writeExcluded(candidate, message, to: &writer)
                }
                withWireBytes(of: strategy) { writer.stringField(3, $0) }
                writer.varintField(4, seed)
                withWireBytes(of: result.abTestID) { writer.stringField(30, $0) }
                withWireBytes(of: result.abVariant) { writer.stringField(31, $0) }
                precondition(writer.isFull, "rank_models response: written size differs from computed size")
                count = total
            }
        }
    }

    @inline(__always)
    private static func rankedSize(of ranked: UnsafePointer<RankedModel>, estimateSize: Int) -> Int {
        ProtobufWriter.stringFieldSize(1, byteCount: wireByteCount(of: ranked.pointee.model))
            + ProtobufWriter.doubleFieldSize(2, ranked.pointee.score)
            + ProtobufWriter.doubleFieldSize(3, ranked.pointee.expectedQuality)
            + ProtobufWriter.doubleFieldSize(4, ranked.pointee.expectedSuccessRate)
            + ProtobufWriter.doubleFieldSize(5, ranked.pointee.expectedValuePerDollar)
            + ProtobufWriter.doubleFieldSize(6, ranked.pointee.estimatedCost)
            + ProtobufWriter.doubleFieldSize(7, ranked.pointee.confidence)
            + ProtobufWriter.varintFieldSize(8, sourceNumber(ranked.pointee.source))
            + ProtobufWriter.stringFieldSize(9, byteCount: wireByteCount(of: ranked.pointee.assignmentReason.rawValue))
            // Always present: the protobuf-c path always attaches an estimate message.
            + ProtobufWriter.lengthDelimitedSize(10, byteCount: estimateSize)
    }

    @inline(__always)
    private static func writeRanked(_ ranked: UnsafePointer<RankedModel>, estimateSize: Int, to writer: inout ProtobufWriter) {
        withWireBytes(of: ranked.pointee.model) { writer.stringField(1, $0) }
        writer.doubleField(2, ranked.pointee.score)
        writer.doubleField(3, ranked.pointee.expectedQuality)
        writer.doubleField(4, ranked.pointee.expectedSuccessRate)
        writer.doubleField(5, ranked.pointee.expectedValuePerDollar)
        writer.doubleField(6, ranked.pointee.estimatedCost)
        writer.doubleField(7, ranked.pointee.confidence)
        writer.varintField(8, sourceNumber(ranked.pointee.source))
        withWireBytes(of: ranked.pointee.assignmentReason.rawValue) { writer.stringField(9, $0) }
        writer.lengthDelimited(10, byteCount: estimateSize)
        withWireBytes(of: ranked.pointee.estimate.model) { writer.stringField(1, $0) }
        writer.varintField(2, UInt64(bitPattern: ranked.pointee.estimate.inputTokens))
        writer.varintField(3, UInt64(bitPattern: ranked.pointee.estimate.outputTokens))
        writer.doubleField(4, ranked.pointee.estimate.cost)
        writer.doubleField(5, ranked.pointee.estimate.valueScore)
    }

    /// `ModelEstimate`; per-estimate adjustments are not on the wire.
    @inline(__always)
    private static func estimateSize(of ranked: UnsafePointer<RankedModel>) -> Int {
        ProtobufWriter.stringFieldSize(1, byteCount: wireByteCount(of: ranked.pointee.estimate.model))
            + ProtobufWriter.varintFieldSize(2, UInt64(bitPattern: ranked.pointee.estimate.inputTokens))
            + ProtobufWriter.varintFieldSize(3, UInt64(bitPattern: ranked.pointee.estimate.outputTokens))
            + ProtobufWriter.doubleFieldSize(4, ranked.pointee.estimate.cost)
            + ProtobufWriter.doubleFieldSize(5, ranked.pointee.estimate.valueScore)
    }

    private static func excludedSize(_ excluded: ExcludedCandidate, _ message: String) -> Int {
        ProtobufWriter.stringFieldSize(1, byteCount: wireByteCount(of: excluded.model))
            + ProtobufWriter.stringFieldSize(2, byteCount: wireByteCount(of: message))
            + ProtobufWriter.varintFieldSize(3, exclusionNumber(excluded.reason))
    }

    private static func writeExcluded(_ excluded: ExcludedCandidate, _ message: String, to writer: inout ProtobufWriter) {
        withWireBytes(of: excluded.model) { writer.stringField(1, $0) }
        withWireBytes(of: message) { writer.stringField(2, $0) }
        writer.varintField(3, exclusionNumber(excluded.reason))
    }

    /// `EstimateSource` numbers, as `makeRanked` maps them.
    private static func sourceNumber(_ source: ScoreSource) -> UInt64 {
        switch source {
        case .prior: 1
        case .blend: 2
        case .learned: 3
        }
    }

    /// `ExclusionReason` numbers, as `makeExcluded` maps them.
    private static func exclusionNumber(_ reason: ExclusionReason) -> UInt64 {
        switch reason {
        case .unknown: 1
        case .disabled: 2
        case .quotaExhausted: 3
        case .alreadyFailed: 4
        }
    }

    /// Calls `body` with the bytes the protobuf-c path sends for `string`: its UTF-8 up to the first
    /// NUL, since the packer is handed a C string.
    @inline(__always)
    private static func withWireBytes<R>(of string: String, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        if let result = string.utf8.withContiguousStorageIfAvailable({ body(cutAtNUL(UnsafeRawBufferPointer($0))) }) {
            return result
        }
        var contiguous = string
        return contiguous.withUTF8 { body(cutAtNUL(UnsafeRawBufferPointer($0))) }
    }

    @inline(__always)
    private static func wireByteCount(of string: String) -> Int {
        withWireBytes(of: string) { $0.count }
    }

    @inline(__always)
    private static func cutAtNUL(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard let nul = bytes.firstIndex(of: 0) else { return bytes }
        return UnsafeRawBufferPointer(rebasing: bytes[..<nul])
    }

    // MARK: - Decoding

    /// The response, or nil when `bytes` are not a canonical `rank_models` success (see above).
    static func decodeRankingResponse(_ bytes: UnsafeRawBufferPointer) -> WireResponse? {
        var reader = ProtobufReader(bytes)
        var requestID: UInt64 = 0
        var body: UnsafeRawBufferPointer?
        while !reader.isAtEnd {
            switch reader.tag() {
            case (1, .varint)?:
                guard let value = reader.varint() else { return nil }
                requestID = value
            case (17, .lengthDelimited)? where body == nil:
                body = reader.lengthDelimited()
                if body == nil { return nil }
            default:
                return nil
            }
        }
        guard let body, let ranking = ranking(from: body) else { return nil }
        return WireResponse(requestID: requestID, result: .success(.rankModels(ranking)))
    }

    private static func ranking(from bytes: UnsafeRawBufferPointer) -> RankingResult? {
        // Counted first so that the arrays are allocated once (for up to 1,024 entries).
        var rankedCount = 0
        var excludedCount = 0
        var counter = ProtobufReader(bytes)
        while !counter.isAtEnd {
            guard let (field, wireType) = counter.tag(), counter.skip(wireType) else { return nil }
            if field == 1 { rankedCount += 1 } else if field == 2 { excludedCount += 1 }
        }

        // Bounded: a hostile frame of empty entries must not reserve gigabytes before they are read.
        var ranked: [RankedModel] = []
        ranked.reserveCapacity(min(rankedCount, 1024))
        var excluded: [ExcludedCandidate] = []
        excluded.reserveCapacity(min(excludedCount, 1024))
        var strategy: RankingStrategy?
        var seed: UInt64 = 0
        var abTestID = ""
        var abVariant = ""
        var reader = ProtobufReader(bytes)
        while !reader.isAtEnd {
            switch reader.tag() {
            case (1, .lengthDelimited)?:
                guard let message = reader.lengthDelimited(), let model = rankedModel(from: message) else { return nil }
                ranked.append(model)
            case (2, .lengthDelimited)?:
                guard let message = reader.lengthDelimited(), let candidate = excludedCandidate(from: message) else { return nil }
                excluded.append(candidate)
            case (3, .lengthDelimited)?:
                guard let name = reader.lengthDelimited() else { return nil }
                strategy = named(name, in: strategyNames)
                if strategy == nil { return nil }
            case (4, .varint)?:
                guard let value = reader.varint() else { return nil }
                seed = value
            case (30, .lengthDelimited)?:
                guard let text = reader.lengthDelimited().flatMap(string(from:)) else { return nil }
                abTestID = text
            case (31, .lengthDelimited)?:
                guard let text = reader.lengthDelimited().flatMap(string(from:)) else { return nil }
                abVariant = text
            default:
                return nil
            }
        }
        // A ranking without a strategy is an error the general path reports.
        guard let strategy else { return nil }
        return RankingResult(
            ranked: ranked, excluded: excluded, strategy: strategy, seed: seed == 0 ? nil : seed, abTestID: abTestID, abVariant: abVariant)
    }

    private static func rankedModel(from bytes: UnsafeRawBufferPointer) -> RankedModel? {
        var model = ""
        var figures = (score: 0.0, quality: 0.0, success: 0.0, valuePerDollar: 0.0, cost: 0.0, confidence: 0.0)
        var sourceNumber: UInt64 = 0
        var reason: AssignmentReason?
        var estimate: TaskEstimate?
        var reader = ProtobufReader(bytes)
        while !reader.isAtEnd {
            guard let (field, wireType) = reader.tag() else { return nil }
            switch (field, wireType) {
            case (1, .lengthDelimited):
                guard let text = reader.lengthDelimited().flatMap(string(from:)) else { return nil }
                model = text
            case (2...7, .fixed64):
                guard let value = reader.double() else { return nil }
                switch field {
                case 2: figures.score = value
                case 3: figures.quality = value
                case 4: figures.success = value
                case 5: figures.valuePerDollar = value
                case 6: figures.cost = value
                default: figures.confidence = value
                }
            case (8, .varint):
                guard let value = reader.varint() else { return nil }
                sourceNumber = value
            case (9, .lengthDelimited):
                guard let name = reader.lengthDelimited() else { return nil }
                reason = named(name, in: reasonNames)
                if reason == nil { return nil }
            case (10, .lengthDelimited) where estimate == nil:
                // A second estimate would be merged into the first: left to protobuf-c.
                guard let message = reader.lengthDelimited(), let value = modelEstimate(from: message) else { return nil }
                estimate = value
            default:
                return nil
            }
        }
        let source: ScoreSource
        switch sourceNumber {
        case 1: source = .prior
        case 2: source = .blend
        case 3: source = .learned
        default: return nil
        }
        guard let reason else { return nil }
        return RankedModel(
            model: model,
            score: figures.score,
            expectedQuality: figures.quality,
            expectedSuccessRate: figures.success,
            expectedValuePerDollar: figures.valuePerDollar,
            estimatedCost: figures.cost,
            confidence: figures.confidence,
            source: source,
            assignmentReason: reason,
            estimate: estimate ?? TaskEstimate(model: "", inputTokens: 0, outputTokens: 0, cost: 0, valueScore: 0)
        )
    }

    private static func modelEstimate(from bytes: UnsafeRawBufferPointer) -> TaskEstimate? {
        var estimate = TaskEstimate(model: "", inputTokens: 0, outputTokens: 0, cost: 0, valueScore: 0)
        var reader = ProtobufReader(bytes)
        while !reader.isAtEnd {
            switch reader.tag() {
            case (1, .lengthDelimited)?:
                guard let text = reader.lengthDelimited().flatMap(string(from:)) else { return nil }
                estimate.model = text
            case (2, .varint)?:
                guard let value = reader.varint() else { return nil }
                estimate.inputTokens = Int64(bitPattern: value)
            case (3, .varint)?:
                guard let value = reader.varint() else { return nil }
                estimate.outputTokens = Int64(bitPattern: value)
            case (4, .fixed64)?:
                guard let value = reader.double() else { return nil }
                estimate.cost = value
            case (5, .fixed64)?:
                guard let value = reader.double() else { return nil }
                estimate.valueScore = value
            default:
                return nil
            }
        }
        return estimate
    }

    /// The reason sentence (field 2) is not read, as in `excluded(from:)`.
    private static func excludedCandidate(from bytes: UnsafeRawBufferPointer) -> ExcludedCandidate? {
        var model = ""
        var code: UInt64 = 0
        var reader = ProtobufReader(bytes)
        while !reader.isAtEnd {
            switch reader.tag() {
            case (1, .lengthDelimited)?:
                guard let text = reader.lengthDelimited().flatMap(string(from:)) else { return nil }
                model = text
            case (2, .lengthDelimited)?:
                guard reader.lengthDelimited() != nil else { return nil }
            case (3, .varint)?:
                guard let value = reader.varint() else { return nil }
                code = value
            default:
                return nil
            }
        }
        let reason: ExclusionReason
        switch code {
        case 1: reason = .unknown
        case 2: reason = .disabled
        case 3: reason = .quotaExhausted
        case 4: reason = .alreadyFailed
        default: return nil
        }
        return ExcludedCandidate(model: model, reason: reason)
    }

    /// A string field's value; nil when it holds NUL (the general path reads such a field as a C
    /// string, cut there) or is not valid UTF-8 (an error the general path reports with its field path).
    private static func string(from bytes: UnsafeRawBufferPointer) -> String? {
        guard !bytes.isEmpty else { return "" }
        var ascii = true
        for byte in bytes {
            if byte == 0 { return nil }
            if byte >= 0x80 { ascii = false }
        }
        // Not `String(validating:as:)`, which is not specialised and looks up generic metadata on
        // every call. Decoding repairs bad UTF-8 into U+FFFD, which changes the bytes, so bytes that
        // come back unchanged were valid (and ASCII always is).
        let string = String(decoding: bytes.assumingMemoryBound(to: UInt8.self), as: UTF8.self)
        return ascii || withWireBytes(of: string, { $0.elementsEqual(bytes) }) ? string : nil
    }

    /// The enum value whose name is exactly `bytes`, compared as bytes like the general path's
    /// `rawValue` lookup would match them (every name is ASCII).
    private static func named<Value>(_ bytes: UnsafeRawBufferPointer, in names: [(value: Value, utf8: [UInt8])]) -> Value? {
        for name in names where name.utf8.count == bytes.count && name.utf8.withUnsafeBytes({ $0.elementsEqual(bytes) }) {
            return name.value
        }
        return nil
    }

    private static let strategyNames = RankingStrategy.allCases.map { (value: $0, utf8: Array($0.rawValue.utf8)) }
    private static let reasonNames = AssignmentReason.allCases.map { (value: $0, utf8: Array($0.rawValue.utf8)) }
}
