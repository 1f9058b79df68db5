/// The value per dollar the cost-efficiency rule expects: overall, and per model where the catalog says so.
public struct ValuePerDollarTargets: Sendable, Hashable {
    /// Value points (the 0-100 value scale) per US dollar. Default 100: at 80% of it, a task worth
    /// 25 (P3) alerts once it costs more than about $0.31, one worth 100 (P0) past $1.25.
    public static let defaultGlobal = 100.0

    /// For all executions together, and for a model without a target of its own; 0 turns the rule off.
    public var global: Double
    public var byModel: [String: Double]

    public init(global: Double = defaultGlobal, byModel: [String: Double] = [:]) {
        self.global = global
        self.byModel = byModel
    }

    public func target(for model: String) -> Double {
        byModel[model] ?? global
    }

    /// Throws `.invalidArgument` for a target that is negative or not finite.
    public func validate() throws(ArbiterError) {
        if !(global.isFinite && global >= 0) {
            throw ArbiterError(.invalidArgument, "target_value_per_dollar must be a finite, non-negative number; got \(global)",
                               field: "target_value_per_dollar")
        }
        for (model, target) in byModel where !(target.isFinite && target >= 0) {
            throw ArbiterError(.invalidArgument, "target_value_per_dollar of \(model) must be a finite, non-negative number; got \(target)",
                               field: "target_value_per_dollar")
        }
    }
}
