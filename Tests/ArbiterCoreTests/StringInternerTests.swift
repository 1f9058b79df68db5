import ArbiterCore
import Testing

@Suite struct StringInternerTests {
    @Test func idsAreDenseAndStable() {
        var interner = StringInterner()
        #expect(interner.intern("a") == 0)
        #expect(interner.intern("b") == 1)
        #expect(interner.intern("a") == 0)
        #expect(interner.intern("") == 2)
        #expect(interner.count == 3)
        #expect(interner[1] == "b")
        #expect(interner.id(of: "b") == 1)
        #expect(interner.id(of: "c") == nil)
        #expect(interner.count == 3)
    }

    @Test func canonicallyEquivalentSpellingsStayApart() {
        var interner = StringInterner()
        let composed = interner.intern("é")
        let decomposed = interner.intern("e\u{301}")
        #expect(composed != decomposed)
        #expect(interner[decomposed].unicodeScalars.count == 2)
        #expect(interner[composed].unicodeScalars.count == 1)
    }

    @Test func manyStrings() {
        var interner = StringInterner()
        for i in 0..<100_000 {
            #expect(interner.intern("string-\(i)-🚀") == UInt32(i))
        }
        for i in stride(from: 0, to: 100_000, by: 997) {
            #expect(interner["string-\(i)-🚀".isEmpty ? 0 : UInt32(i)] == "string-\(i)-🚀")
            #expect(interner.id(of: "string-\(i)-🚀") == UInt32(i))
        }
        #expect(interner.approximateByteCount > 100_000 * 16)
    }
}
