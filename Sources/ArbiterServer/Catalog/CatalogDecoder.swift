import ArbiterCore
import Yams

/// Builds a `ModelCatalog` from a composed YAML document.
///
/// Keys and types are checked here; ranges are left to the domain types' own `validate()`, so each
/// rule lives in one place, and the field such an error names is mapped back to its line.
struct CatalogDecoder {
    let source: String
    private let root: Node?
    /// Where each value starts, by path, for errors found after a value was decoded.
    private let marks: [String: Mark]

    /// Values a catalog may hold. Aliases let a few lines expand exponentially; this bounds the work.
    static let maximumValues = 100_000
    /// A subscription's period when the file gives none: 30 days.
    static let defaultPeriodSeconds: Int64 = 2_592_000

    init(source: String, root: Node?) throws(CatalogError) {
        self.source = source
        self.root = root
        var marks: [String: Mark] = [:]
        var budget = Self.maximumValues
        if let root, !Self.index(root, path: "", into: &marks, budget: &budget) {
            throw CatalogError(
                source: source, line: 1, column: 1, path: "",
                reason: "the catalog holds more than \(Self.maximumValues) values once aliases are expanded")
        }
        self.marks = marks
    }

    func catalog() throws(CatalogError) -> ModelCatalog {
        guard let root else {
            throw CatalogError(source: source, line: 1, column: 1, path: "", reason: "the catalog is empty; it needs at least a models list")
        }
        let document = try CatalogNode(node: root, path: "", source: source)
            .mapping(what: "a catalog", allowed: ["policy", "estimation", "capability_fallback", "models", "strategies", "monitoring", "learning"])
        var catalog = ModelCatalog()
        if let node = document["policy"] {
            catalog.policy = try policy(node)
        }
        if let node = document["estimation"] {
            catalog.estimation = try estimation(node)
        }
        if let node = document["capability_fallback"] {
            let fallback = try prior(node, inheriting: CapabilityMatrix.globalFallback)
            try check(under: node.path, fallback.validate)
            catalog.capabilities.fallback = fallback
        }

        if let node = document["monitoring"] {
            let map = try node.mapping(what: "monitoring", allowed: ["target_value_per_dollar"])
            catalog.valuePerDollarTargets.global = try map.number("target_value_per_dollar") ?? catalog.valuePerDollarTargets.global
            try check(under: node.path, catalog.valuePerDollarTargets.validate)
        }

        if let node = document["learning"] {
            catalog.learning = try learning(node)
        }

        let list = try document.required("models")
        let items = try list.items(what: "the list of models")
        guard !items.isEmpty else {
            throw list.failure("the catalog needs at least one model")
        }
        var indexByName: [String: Int] = [:]
        for (index, item) in items.enumerated() {
            let (model, capabilities) = try model(item, fallback: catalog.capabilities.fallback)
            // String equality is canonical Unicode equivalence, as the capability matrix's keys use.
            if let first = indexByName[model.name] {
                throw failure(at: item.path(key: "name"), "duplicate model name '\(model.name)'; models[\(first)] has it already")
            }
            indexByName[model.name] = index
            catalog.models.append(model)
            if let target = try item.mapping(what: "a model").number("target_value_per_dollar") {
                catalog.valuePerDollarTargets.byModel[model.name] = target
                try check(under: item.path, catalog.valuePerDollarTargets.validate)
            }
            if let capabilities {
                catalog.capabilities.models[model.name] = capabilities
            }
        }

        if let node = document["strategies"] {
            catalog.strategies = try strategies(node)
        }

        // Each piece was checked as it was read; checking the whole too keeps any rule added to the
        // matrix later from being skipped.
        try check(under: "", rename: { Self.matrixPath($0, indexByName: indexByName) }, catalog.capabilities.validate)
        return catalog
    }

    // MARK: Sections

    private func policy(_ node: CatalogNode) throws(CatalogError) -> RankingPolicy {
        let map = try node.mapping(what: "policy", allowed: [
            "default_strategy", "prior_strength", "prior_quality_variance", "subscription_threshold",
            "high_value_threshold", "learned_prior_weight", "minimum_cost", "quality_tolerance", "quality_price",
            "pool_domains",
        ])
        var policy = RankingPolicy()
        if let strategy = map["default_strategy"] {
            policy.defaultStrategy = try strategy.choice(RankingStrategy.self, what: "strategy")
        }
        policy.priorStrength = try map.number("prior_strength") ?? policy.priorStrength
        policy.priorQualityVariance = try map.number("prior_quality_variance") ?? policy.priorQualityVariance
        policy.subscriptionThreshold = try map.number("subscription_threshold") ?? policy.subscriptionThreshold
        policy.highValueThreshold = try map.number("high_value_threshold") ?? policy.highValueThreshold
        policy.learnedPriorWeight = try map.number("learned_prior_weight") ?? policy.learnedPriorWeight
        policy.minimumCost = try map.number("minimum_cost") ?? policy.minimumCost
        policy.qualityTolerance = try map.number("quality_tolerance") ?? policy.qualityTolerance
        policy.qualityPrice = try map.number("quality_price") ?? policy.qualityPrice
        policy.poolDomains = try map.bool("pool_domains") ?? policy.poolDomains
        try check(under: node.path, policy.validate)
        return policy
    }

    /// Named A/B test strategies: `strategies: {learned_multipliers: {complexity_multipliers: {simple: 0.6}}}`.
    private func strategies(_ node: CatalogNode) throws(CatalogError) -> [String: AbStrategy] {
        var strategies: [String: AbStrategy] = [:]
        for (name, value) in try node.mapping(what: "strategies, a mapping of strategy names").entries {
            let map = try value.mapping(what: "a strategy", allowed: [
                "description", "complexity_multipliers", "preferred_model", "subscription_threshold", "ranking_strategy",
                "quality_tolerance", "quality_price",
            ])
            var strategy = AbStrategy(name: name)
            strategy.description = try map.string("description") ?? ""
            strategy.complexityMultipliers = try map.numberTable("complexity_multipliers") ?? [:]
            strategy.preferredModel = try map.string("preferred_model") ?? ""
            strategy.subscriptionThreshold = try map.number("subscription_threshold")
            strategy.qualityTolerance = try map.number("quality_tolerance")
            strategy.qualityPrice = try map.number("quality_price")
            if let ranking = map["ranking_strategy"] {
                strategy.rankingStrategy = try ranking.choice(RankingStrategy.self, what: "ranking strategy")
            }
            try check(under: value.path, strategy.validate)
            if strategy.overridesNothing {
                throw value.failure("strategy '\(name)' overrides nothing")
            }
            strategies[name] = strategy
        }
        return strategies
    }

    /// The learning batch's windows and thresholds; the keys are `LearningConfiguration.validate`'s field names.
    private func learning(_ node: CatalogNode) throws(CatalogError) -> LearningConfiguration {
        let map = try node.mapping(what: "learning", allowed: [
            "token_window_days", "token_ratio_tolerance", "token_full_confidence_count",
            "value_window_days", "value_minimum_executions", "correlation_threshold", "value_ratio_tolerance",
            "priority_full_confidence_count", "domain_minimum_executions", "domain_full_confidence_count",
            "cost_window_days", "maximum_quality_loss", "minimum_saving", "cost_full_confidence_count", "cost_logging_confidence",
            "graduation_threshold",
        ])
        var learning = LearningConfiguration()
        func count(_ key: String, _ value: inout Int) throws(CatalogError) {
            guard let integer = try map.integer(key) else { return }
            // Int is 64 bits on every platform arbiterd builds for; validate() judges the range.
            value = Int(integer)
        }
        try count("token_window_days", &learning.tokenWindowDays)
        learning.tokenRatioTolerance = try map.number("token_ratio_tolerance") ?? learning.tokenRatioTolerance
        try count("token_full_confidence_count", &learning.tokenFullConfidenceCount)
        try count("value_window_days", &learning.valueWindowDays)
        try count("value_minimum_executions", &learning.valueMinimumExecutions)
        learning.correlationThreshold = try map.number("correlation_threshold") ?? learning.correlationThreshold
        learning.valueRatioTolerance = try map.number("value_ratio_tolerance") ?? learning.valueRatioTolerance
        try count("priority_full_confidence_count", &learning.priorityFullConfidenceCount)
        try count("domain_minimum_executions", &learning.domainMinimumExecutions)
        try count("domain_full_confidence_count", &learning.domainFullConfidenceCount)
        try count("cost_window_days", &learning.costWindowDays)
        learning.maximumQualityLoss = try map.number("maximum_quality_loss") ?? learning.maximumQualityLoss
        learning.minimumSaving = try map.number("minimum_saving") ?? learning.minimumSaving
        try count("cost_full_confidence_count", &learning.costFullConfidenceCount)
        learning.costLoggingConfidence = try map.number("cost_logging_confidence") ?? learning.costLoggingConfidence
        learning.graduationThreshold = try map.number("graduation_threshold") ?? learning.graduationThreshold
        try check(under: node.path, learning.validate)
        return learning
    }

    private func estimation(_ node: CatalogNode) throws(CatalogError) -> EstimationParameters {
        let map = try node.mapping(what: "estimation", allowed: [
            "base_input_tokens", "base_output_tokens", "complexity_multipliers", "domain_token_factors",
            "priority_weights", "default_priority_weight", "domain_modifiers",
        ])
        var estimation = EstimationParameters()
        estimation.baseInputTokens = try map.integer("base_input_tokens") ?? estimation.baseInputTokens
        estimation.baseOutputTokens = try map.integer("base_output_tokens") ?? estimation.baseOutputTokens
        // A table replaces the default one whole, so the file shows every entry in force.
        estimation.complexityMultipliers = try map.numberTable("complexity_multipliers") ?? estimation.complexityMultipliers
        estimation.domainTokenFactors = try map.numberTable("domain_token_factors") ?? estimation.domainTokenFactors
        estimation.priorityWeights = try map.numberTable("priority_weights") ?? estimation.priorityWeights
        estimation.defaultPriorityWeight = try map.number("default_priority_weight") ?? estimation.defaultPriorityWeight
        estimation.domainModifiers = try map.numberTable("domain_modifiers") ?? estimation.domainModifiers
        try check(under: node.path, estimation.validate)
        return estimation
    }

    private func model(_ item: CatalogNode, fallback: CapabilityPrior) throws(CatalogError) -> (ModelDescriptor, ModelCapabilities?) {
        let map = try item.mapping(what: "a model", allowed: [
            "name", "tier", "input_price_per_million", "output_price_per_million", "enabled", "subscription", "capabilities",
            "target_value_per_dollar",
        ])
        let nameNode = try map.required("name")
        let name = try nameNode.string()
        // Executions name their model in assigned_model, so a name must be one they can carry.
        let limit = ExecutionLimits().maxIdentifierLength
        if name.utf8.count > limit {
            throw nameNode.failure("a model name may have at most \(limit) bytes of UTF-8, like assigned_model; this one has \(name.utf8.count)")
        }
        if name.utf8.contains(0) {
            throw nameNode.failure("a model name must not contain a NUL character")
        }
        var model = try ModelDescriptor(
            name: name,
            tier: map.required("tier").choice(ModelTier.self, what: "tier"),
            inputPricePerMillion: map.required("input_price_per_million").number(),
            outputPricePerMillion: map.required("output_price_per_million").number(),
            enabled: map.bool("enabled") ?? true
        )
        if let node = map["subscription"] {
            model.subscription = try subscription(node)
        }
        try check(under: item.path, model.validate)

        guard let node = map["capabilities"] else { return (model, nil) }
        return (model, try capabilities(node, fallback: fallback))
    }

    private func subscription(_ node: CatalogNode) throws(CatalogError) -> Subscription {
        let map = try node.mapping(what: "a subscription", allowed: ["quota_tokens", "quota_tasks", "period_seconds", "fee"])
        // 0 means "not counted", as on the wire, so a file can say so explicitly.
        func quota(_ key: String) throws(CatalogError) -> Int64? {
            try map.integer(key).flatMap { $0 == 0 ? nil : $0 }
        }
        return try Subscription(
            quotaTokens: quota("quota_tokens"),
            quotaTasks: quota("quota_tasks"),
            periodSeconds: map.integer("period_seconds") ?? Self.defaultPeriodSeconds,
            // No default: a fee left out by mistake would make the model look free.
            fee: map.required("fee").number()
        )
    }

    private func capabilities(_ node: CatalogNode, fallback: CapabilityPrior) throws(CatalogError) -> ModelCapabilities {
        let map = try node.mapping(what: "capabilities", allowed: ["overall", "domains", "complexities", "domain_complexities"])
        var overall = fallback
        if let entry = map["overall"] {
            overall = try prior(entry, inheriting: fallback)
        }
        var capabilities = ModelCapabilities(overall: overall)
        if let table = map["domains"] {
            capabilities.byDomain = try priors(table, what: "priors by domain", inheriting: overall)
        }
        if let table = map["complexities"] {
            capabilities.byComplexity = try priors(table, what: "priors by complexity", inheriting: overall)
        }
        if let table = map["domain_complexities"] {
            for (domain, entries) in try table.mapping(what: "priors by domain, then complexity").entries where !entries.isNull {
                capabilities.byDomainAndComplexity[domain] = try priors(entries, what: "priors by complexity", inheriting: overall)
            }
        }
        try check(under: node.path, rename: Self.capabilitiesPath, capabilities.validate)
        return capabilities
    }

    private func priors(_ node: CatalogNode, what: String, inheriting base: CapabilityPrior) throws(CatalogError) -> [String: CapabilityPrior] {
        var table: [String: CapabilityPrior] = [:]
        for (label, entry) in try node.mapping(what: what).entries {
            table[label] = try prior(entry, inheriting: base)
        }
        return table
    }

    /// A figure left out is the model's overall one, so an entry can refine just quality.
    private func prior(_ node: CatalogNode, inheriting base: CapabilityPrior) throws(CatalogError) -> CapabilityPrior {
        let map = try node.mapping(what: "a prior", allowed: ["quality", "success_rate"])
        return try CapabilityPrior(
            quality: map.number("quality") ?? base.quality,
            successRate: map.number("success_rate") ?? base.successRate
        )
    }

    // MARK: Errors

    /// Runs a domain type's `validate()`, turning its field (relative to `prefix` once renamed) into a path and a line.
    private func check(
        under prefix: String,
        rename: (String) -> String = { $0 },
        _ validate: () throws(ArbiterError) -> Void
    ) throws(CatalogError) {
        do {
            try validate()
        } catch {
            let field = rename(error.field)
            let path = prefix.isEmpty ? field : field.isEmpty ? prefix : prefix + "." + field
            throw failure(at: path, error.message)
        }
    }

    /// An error at the value `path` names, or at the nearest enclosing value the file has (a
    /// missing key's mapping).
    private func failure(at path: String, _ reason: String) -> CatalogError {
        var probe = Substring(path)
        while marks[String(probe)] == nil, let cut = probe.lastIndex(where: { $0 == "." || $0 == "[" }) {
            probe = probe[..<cut]
        }
        let mark = marks[String(probe)] ?? marks[""]
        return CatalogError(source: source, line: mark?.line ?? 1, column: mark?.column ?? 1, path: path, reason: reason)
    }

    /// `ModelCapabilities.validate` names its tables as the Swift properties do; the file's names are shorter.
    private static func capabilitiesPath(_ field: String) -> String {
        let names = [("by_domain_and_complexity", "domain_complexities"), ("by_domain", "domains"), ("by_complexity", "complexities")]
        for (property, key) in names where field == property || field.hasPrefix(property + ".") {
            return key + field.dropFirst(property.count)
        }
        return field
    }

    /// `CapabilityMatrix.validate` names a model's row by name (`models.opus.overall`); the file has it under the model.
    private static func matrixPath(_ field: String, indexByName: [String: Int]) -> String {
        if field == "fallback" || field.hasPrefix("fallback.") {
            return "capability_fallback" + field.dropFirst("fallback".count)
        }
        // Longest name first: a name may contain dots, and another name may be its prefix.
        for (name, index) in indexByName.sorted(by: { $0.key.count > $1.key.count }) where field.hasPrefix("models.\(name).") {
            return "models[\(index)].capabilities." + capabilitiesPath(String(field.dropFirst("models.\(name).".count)))
        }
        return field
    }

    /// Records where every value starts; false once more than `budget` values were seen.
    private static func index(_ node: Node, path: String, into marks: inout [String: Mark], budget: inout Int) -> Bool {
        budget -= 1
        guard budget >= 0 else { return false }
        if let mark = node.mark {
            marks[path] = mark
        }
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard let key = key.string else { continue }
                if !index(value, path: path.isEmpty ? key : path + "." + key, into: &marks, budget: &budget) {
                    return false
                }
            }
        case .sequence(let sequence):
            for (offset, item) in sequence.enumerated() where !index(item, path: path + "[\(offset)]", into: &marks, budget: &budget) {
                return false
            }
        case .scalar, .alias:
            break
        }
        return true
    }
}
