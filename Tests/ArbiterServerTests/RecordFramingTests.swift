import ArbiterCore
@testable import ArbiterServer
import Testing

/// The record framing shared by the write-ahead log and snapshots.
struct RecordFramingTests {
    @Test func crc32cMatchesTheStandardCheckValue() {
        // The CRC-32C of "123456789" is 0xE3069283 (RFC 3720, appendix B.4).
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        let long = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        #expect(CRC32C.checksum(Array(long[100...]), seed: CRC32C.checksum(Array(long[..<100]))) == CRC32C.checksum(long))
    }

    @Test func framedRecordsReadBackAndDamageIsDetected() throws {
        var buffer: [UInt8] = []
        RecordFraming.append(kind: 1, payload: Array("first".utf8), to: &buffer)
        RecordFraming.append(kind: 7, payload: [], to: &buffer)
        // The checksum covers kind and payload as one run of bytes.
        #expect(buffer[4..<8].elementsEqual(withUnsafeBytes(of: CRC32C.checksum([1] + Array("first".utf8)).littleEndian) { Array($0) }))
        try buffer.withUnsafeBytes { bytes in
            let first = try RecordFraming.read(bytes, at: 0)
            #expect(first.kind == 1)
            #expect(Array(bytes[first.payload]) == Array("first".utf8))
            let second = try RecordFraming.read(bytes, at: first.next)
            #expect(second.kind == 7 && second.payload.isEmpty && second.next == bytes.count)
            #expect(throws: RecordFormatError.truncated) { try RecordFraming.read(UnsafeRawBufferPointer(rebasing: bytes[..<(bytes.count - 1)]), at: first.next) }
        }
        buffer[10] ^= 0x01
        _ = buffer.withUnsafeBytes { bytes in
            #expect(throws: RecordFormatError.checksumMismatch) { try RecordFraming.read(bytes, at: 0) }
        }
    }

    /// A graduation (or its revert) is one record holding both the test and the adjustment,
    /// so recovery gets both or neither; a payload with only one part is refused, not half-applied.
    @Test func abTestChangeRecordsHoldBothPartsOrAreRefused() throws {
        let test = AbTest(
            testID: "t", control: AbStrategy(name: "a", preferredModel: "m"), treatment: AbStrategy(name: "b", preferredModel: "n"),
            status: .graduated, stoppedMs: 5, graduatedVariant: .treatment)
        let adjustment = Adjustment(
            id: "x", parameterName: "ab_test_t", parameterType: .abGraduation, originalValue: 1, adjustedValue: 2,
            adjustmentReason: "r", confidenceScore: 0.99, effectiveDateMs: 5, createdAtMs: 5, status: .applied, statusChangedAtMs: 5,
            appliedSequence: 1)
        let record = DurableRecord.abTestChange(test, adjustment)
        #expect(record.kind.rawValue == 11)
        let payload = record.encodedPayload()
        let decoded = try payload.withUnsafeBytes { try DurableRecord.decode(kind: 11, payload: $0) }
        guard case .abTestChange(let decodedTest, let decodedAdjustment) = decoded else {
            Issue.record("decoded as \(decoded.kind)")
            return
        }
        #expect(decodedTest == test && decodedAdjustment == adjustment)

        var testOnly: [UInt8] = []
        RecordFraming.append(kind: DurableRecord.Kind.abTest.rawValue, payload: DurableRecord.abTest(test).encodedPayload(), to: &testOnly)
        for damaged in [testOnly, Array(payload.dropLast()), testOnly + testOnly] {
            _ = damaged.withUnsafeBytes { bytes in
                #expect(throws: RecordFormatError.self) { try DurableRecord.decode(kind: 11, payload: bytes) }
            }
        }
    }
}
