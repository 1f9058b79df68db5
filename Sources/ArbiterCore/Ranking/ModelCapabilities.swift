/// One model's row of the capability matrix: a model-wide prior refined per domain and complexity.
public struct ModelCapabilities: Sendable, Hashable {
    /// Used when nothing more specific matches.
    public var overall: CapabilityPrior
    public var byDomain: [String: CapabilityPrior]
    public var byComplexity: [String: CapabilityPrior]
    /// Domain, then complexity.
    public var byDomainAndComplexity: [String: [String: CapabilityPrior]]

    public init(
        overall: CapabilityPrior,
        byDomain: [String: CapabilityPrior] = [:],
        byComplexity: [String: CapabilityPrior] = [:],
        byDomainAndComplexity: [String: [String: CapabilityPrior]] = [:]
    ) {
        self.overall = overall
        self.byDomain = byDomain
        self.byComplexity = byComplexity
        self.byDomainAndComplexity = byDomainAndComplexity
    }

    /// The most specific entry: domain and complexity, then domain, then complexity, then `overall`.
    ///
    /// Domain outranks complexity because what a model is good at varies more by subject than by size.
    public func prior(domain: String, complexity: String) -> CapabilityPrior {
        if let entry = byDomainAndComplexity[domain]?[complexity] { return entry }
        if let entry = byDomain[domain] { return entry }
        if let entry = byComplexity[complexity] { return entry }
        return overall
    }

    /// Throws `.invalidArgument` for the first entry out of range in key order, naming it (`by_domain.backend.quality`).
    public func validate() throws(ArbiterError) {
        do throws(ArbiterError) {
            try overall.validate()
        } catch {
            throw error.nested(under: "overall")
        }
        for (domain, entry) in byDomain.sorted(by: { $0.key < $1.key }) {
            do throws(ArbiterError) { try entry.validate() } catch { throw error.nested(under: "by_domain.\(domain)") }
        }
        for (complexity, entry) in byComplexity.sorted(by: { $0.key < $1.key }) {
            do throws(ArbiterError) { try entry.validate() } catch { throw error.nested(under: "by_complexity.\(complexity)") }
        }
        for (domain, entries) in byDomainAndComplexity.sorted(by: { $0.key < $1.key }) {
            for (complexity, entry) in entries.sorted(by: { $0.key < $1.key }) {
                do throws(ArbiterError) {
                    try entry.validate()
                } catch {
                    throw error.nested(under: "by_domain_and_complexity.\(domain).\(complexity)")
                }
            }
        }
    }
}
