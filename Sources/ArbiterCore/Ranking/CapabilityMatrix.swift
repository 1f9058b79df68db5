/// The default capability matrix: each model's prior quality and success rate, the cold-start data.
public struct CapabilityMatrix: Sendable, Hashable {
    /// Quality 5 and success 0.5: a middling guess with the widest Beta spread, for a model the matrix omits.
    public static let globalFallback = CapabilityPrior(quality: 5, successRate: 0.5)

    /// By model name.
    public var models: [String: ModelCapabilities]
    /// The prior for a model missing from `models`; `globalFallback` unless configured.
    public var fallback: CapabilityPrior

    public init(models: [String: ModelCapabilities] = [:], fallback: CapabilityPrior = CapabilityMatrix.globalFallback) {
        self.models = models
        self.fallback = fallback
    }

    /// The most specific prior for the model on this kind of task (see `ModelCapabilities.prior`).
    public func prior(model: String, domain: String, complexity: String) -> CapabilityPrior {
        models[model]?.prior(domain: domain, complexity: complexity) ?? fallback
    }

    /// Throws `.invalidArgument` for the first entry out of range in key order (`models.opus.overall.quality`).
    public func validate() throws(ArbiterError) {
        do throws(ArbiterError) {
            try fallback.validate()
        } catch {
            throw error.nested(under: "fallback")
        }
        for (name, capabilities) in models.sorted(by: { $0.key < $1.key }) {
            do throws(ArbiterError) {
                try capabilities.validate()
            } catch {
                throw error.nested(under: "models.\(name)")
            }
        }
    }
}
