/// Learned multipliers on the estimation bases, by parameter name.
///
/// The names are those the learning batch writes:
/// `token_estimate_input_{complexity}`, `token_estimate_output_{complexity}`,
/// `token_estimate_input_domain_{domain}`, `token_estimate_output_domain_{domain}`,
/// `priority_weight_{priority}` and `domain_modifier_{domain}`.
/// A name matching none of them is kept but never applied, and so is a factor that is not
/// finite and positive: a zero or negative multiplier is a broken adjustment, not an estimate.
/// The `_domain_` forms are matched first, so a complexity itself called `domain_…` cannot be adjusted.
public struct ParameterAdjustments: Sendable, Hashable {
    /// Every factor as given, applicable or not.
    public private(set) var factors: [String: Double] = [:]

    /// A factor that applies, with its full name for `TaskEstimate.appliedAdjustments`.
    struct Entry: Sendable, Hashable {
        var name: String
        var factor: Double
    }

    enum Kind: CaseIterable {
        // Domain forms first: their prefixes extend the complexity ones.
        case inputTokensByDomain, outputTokensByDomain, inputTokensByComplexity, outputTokensByComplexity
        case priorityWeight, domainModifier

        var prefix: String {
            switch self {
            case .inputTokensByDomain: "token_estimate_input_domain_"
            case .outputTokensByDomain: "token_estimate_output_domain_"
            case .inputTokensByComplexity: "token_estimate_input_"
            case .outputTokensByComplexity: "token_estimate_output_"
            case .priorityWeight: "priority_weight_"
            case .domainModifier: "domain_modifier_"
            }
        }
    }

    // By label, so estimation looks factors up without building names.
    private var inputByDomain: [String: Entry] = [:]
    private var outputByDomain: [String: Entry] = [:]
    private var inputByComplexity: [String: Entry] = [:]
    private var outputByComplexity: [String: Entry] = [:]
    private var priorityWeights: [String: Entry] = [:]
    private var domainModifiers: [String: Entry] = [:]

    public init(_ factors: [String: Double] = [:]) {
        for (name, factor) in factors {
            self[name] = factor
        }
    }

    public var isEmpty: Bool { factors.isEmpty }

    /// The factor stored under a parameter name; setting nil removes it.
    public subscript(name: String) -> Double? {
        get { factors[name] }
        set {
            factors[name] = newValue
            guard let (kind, label) = Self.parse(name) else { return }
            let entry = newValue.flatMap { $0.isFinite && $0 > 0 ? Entry(name: name, factor: $0) : nil }
            switch kind {
            case .inputTokensByDomain: inputByDomain[label] = entry
            case .outputTokensByDomain: outputByDomain[label] = entry
            case .inputTokensByComplexity: inputByComplexity[label] = entry
            case .outputTokensByComplexity: outputByComplexity[label] = entry
            case .priorityWeight: priorityWeights[label] = entry
            case .domainModifier: domainModifiers[label] = entry
            }
        }
    }

    public static func tokenEstimateInputName(complexity: String) -> String { Kind.inputTokensByComplexity.prefix + complexity }
    public static func tokenEstimateOutputName(complexity: String) -> String { Kind.outputTokensByComplexity.prefix + complexity }
    public static func tokenEstimateInputDomainName(domain: String) -> String { Kind.inputTokensByDomain.prefix + domain }
    public static func tokenEstimateOutputDomainName(domain: String) -> String { Kind.outputTokensByDomain.prefix + domain }
    public static func priorityWeightName(priority: String) -> String { Kind.priorityWeight.prefix + priority }
    public static func domainModifierName(domain: String) -> String { Kind.domainModifier.prefix + domain }

    /// The applicable factor of `kind` for `label`, if any.
    func entry(_ kind: Kind, _ label: String) -> Entry? {
        switch kind {
        case .inputTokensByDomain: inputByDomain[label]
        case .outputTokensByDomain: outputByDomain[label]
        case .inputTokensByComplexity: inputByComplexity[label]
        case .outputTokensByComplexity: outputByComplexity[label]
        case .priorityWeight: priorityWeights[label]
        case .domainModifier: domainModifiers[label]
        }
    }

    /// The kind and label a parameter name stands for, if any.
    static func parse(_ name: String) -> (Kind, String)? {
        for kind in Kind.allCases where name.hasPrefix(kind.prefix) {
            return (kind, String(name.dropFirst(kind.prefix.count)))
        }
        return nil
    }
}
