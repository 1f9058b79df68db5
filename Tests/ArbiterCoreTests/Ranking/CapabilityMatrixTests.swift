import ArbiterCore
import Testing

@Suite struct CapabilityMatrixTests {
    static let overall = CapabilityPrior(quality: 6, successRate: 0.6)
    static let backend = CapabilityPrior(quality: 7, successRate: 0.7)
    static let complex = CapabilityPrior(quality: 4, successRate: 0.4)
    static let backendComplex = CapabilityPrior(quality: 9, successRate: 0.9)

    static let matrix = CapabilityMatrix(models: [
        "opus": ModelCapabilities(
            overall: overall,
            byDomain: ["backend": backend],
            byComplexity: ["complex": complex],
            byDomainAndComplexity: ["backend": ["complex": backendComplex]]
        ),
    ])

    @Test func theMostSpecificEntryWins() {
        #expect(Self.matrix.prior(model: "opus", domain: "backend", complexity: "complex") == Self.backendComplex)
        #expect(Self.matrix.prior(model: "opus", domain: "backend", complexity: "simple") == Self.backend)
        #expect(Self.matrix.prior(model: "opus", domain: "frontend", complexity: "complex") == Self.complex)
        #expect(Self.matrix.prior(model: "opus", domain: "frontend", complexity: "simple") == Self.overall)
    }

    @Test func aMissingModelGetsTheGlobalFallback() {
        #expect(Self.matrix.prior(model: "unheard-of", domain: "backend", complexity: "complex") == CapabilityPrior(quality: 5, successRate: 0.5))
        var custom = Self.matrix
        custom.fallback = CapabilityPrior(quality: 3, successRate: 0.3)
        #expect(custom.prior(model: "unheard-of", domain: "backend", complexity: "complex") == custom.fallback)
    }

    @Test func validationNamesTheEntry() {
        #expect((try? Self.matrix.validate()) != nil)
        var bad = Self.matrix
        bad.models["opus"]?.byDomainAndComplexity["backend"]?["complex"] = CapabilityPrior(quality: 11, successRate: 0.9)
        #expect(throws: ArbiterError(
            .invalidArgument, "quality must be between 0 and 10; got 11.0", field: "models.opus.by_domain_and_complexity.backend.complex.quality"
        )) {
            try bad.validate()
        }
    }
}
