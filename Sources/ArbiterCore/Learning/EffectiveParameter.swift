/// A parameter of estimation and the value in force, as `get_parameters` lists it.
public struct EffectiveParameter: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable {
        /// A base value from the catalog's estimation section.
        case catalog
        /// A learned value: `adjustment` is the adjustment in force.
        case adjustment
    }

    public var name: String
    public var value: Double
    public var source: Source
    public var adjustment: Adjustment?

    public init(name: String, value: Double, source: Source, adjustment: Adjustment? = nil) {
        self.name = name
        self.value = value
        self.source = source
        self.adjustment = adjustment
    }

    /// The catalog's bases (named as in the catalog file, `complexity_multipliers.simple`), then
    /// every parameter an applied adjustment is in force for; each part by name.
    public static func all(estimation: EstimationParameters, log: AdjustmentLog) -> [EffectiveParameter] {
        var bases = [
            EffectiveParameter(name: "base_input_tokens", value: Double(estimation.baseInputTokens), source: .catalog),
            EffectiveParameter(name: "base_output_tokens", value: Double(estimation.baseOutputTokens), source: .catalog),
            EffectiveParameter(name: "default_priority_weight", value: estimation.defaultPriorityWeight, source: .catalog),
        ]
        let tables = [
            ("complexity_multipliers", estimation.complexityMultipliers), ("domain_token_factors", estimation.domainTokenFactors),
            ("priority_weights", estimation.priorityWeights), ("domain_modifiers", estimation.domainModifiers),
        ]
        for (table, entries) in tables {
            for (label, value) in entries {
                bases.append(EffectiveParameter(name: "\(table).\(label)", value: value, source: .catalog))
            }
        }
        bases.sort { ExactString.compare($0.name, $1.name) < 0 }
        let learned = log.effectiveAdjustments.map {
            EffectiveParameter(name: $0.parameterName, value: $0.adjustedValue, source: .adjustment, adjustment: $0)
        }
        return bases + learned
    }
}
