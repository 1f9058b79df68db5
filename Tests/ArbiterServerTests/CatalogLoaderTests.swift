import ArbiterCore
import Foundation
import Testing
@testable import ArbiterServer

struct CatalogLoaderTests {
    /// The smallest valid catalog: one model with its required keys.
    static let minimal = """
        models:
          - name: solo
            tier: cheap
            input_price_per_million: 1.5
            output_price_per_million: 2
        """

    /// The error `text` is refused with, or nil when it parses.
    static func refusal(_ text: String) -> CatalogError? {
        do {
            _ = try CatalogLoader.parse(text, source: "test.yaml")
            return nil
        } catch {
            return error
        }
    }

    // MARK: The built-in catalog

    @Test func defaultCatalogParsesWithEveryTierAndASubscription() throws {
        let catalog = try CatalogLoader.parse(CatalogLoader.defaultCatalogText, source: CatalogLoader.defaultCatalogSource)
        for tier in ModelTier.allCases {
            #expect(catalog.models.contains { $0.tier == tier }, "no \(tier) model")
        }
        #expect(catalog.models.contains { $0.subscription != nil })
        #expect(catalog.models.count >= 10)
        for model in catalog.models {
            #expect(catalog.capabilities.models[model.name] != nil, "\(model.name) has no priors")
        }
        // The models of the replayable MMLU outcomes must be there under the names the data uses.
        #expect(catalog.model(named: "gpt-4-1106")?.inputPricePerMillion == 10)
        #expect(catalog.model(named: "mixtral-8x7b") != nil)
        #expect(CatalogLoader.loadDefault() == catalog)
    }

    @Test func defaultPriorsRankTiersAndComplexitiesSensibly() {
        let catalog = CatalogLoader.loadDefault()
        func meanQuality(_ tier: ModelTier) -> Double {
            let qualities = catalog.models.filter { $0.tier == tier }.compactMap { catalog.capabilities.models[$0.name]?.overall.quality }
            return qualities.reduce(0, +) / Double(qualities.count)
        }
        #expect(meanQuality(.premium) > meanQuality(.mid))
        #expect(meanQuality(.mid) > meanQuality(.cheap))

        let order = ["simple", "medium", "complex", "very_complex"]
        for (name, row) in catalog.capabilities.models {
            for domain in ["", "infrastructure", "frontend", "backend", "data", "security", "testing", "docs"] {
                let priors = order.map { row.prior(domain: domain, complexity: $0) }
                for (easier, harder) in zip(priors, priors.dropFirst()) {
                    #expect(harder.successRate <= easier.successRate, "\(name) \(domain): \(priors)")
                    #expect(harder.quality <= easier.quality, "\(name) \(domain): \(priors)")
                }
            }
        }
    }

    // MARK: Defaults and overrides

    @Test func absentSectionsTakeTheDomainDefaults() throws {
        let catalog = try CatalogLoader.parse(Self.minimal, source: "test.yaml")
        #expect(catalog.policy == RankingPolicy())
        #expect(catalog.estimation == EstimationParameters())
        #expect(catalog.capabilities == CapabilityMatrix())
        #expect(catalog.models == [ModelDescriptor(name: "solo", tier: .cheap, inputPricePerMillion: 1.5, outputPricePerMillion: 2)])
        #expect(catalog.learning == LearningConfiguration())
    }

    /// The built-in file spells out every learning default, so its header and the code cannot drift apart.
    @Test func defaultCatalogStatesTheLearningDefaults() throws {
        let catalog = try CatalogLoader.parse(CatalogLoader.defaultCatalogText, source: CatalogLoader.defaultCatalogSource)
        #expect(catalog.learning == LearningConfiguration())
        #expect(CatalogLoader.defaultCatalogText.contains("\nlearning:\n"))
    }

    @Test func learningThresholdsTakeEffect() throws {
        let text = """
            learning:
              token_window_days: 14
              token_ratio_tolerance: 0.1
              token_full_confidence_count: 40
              value_window_days: 21
              value_minimum_executions: 10
              correlation_threshold: 0.7
              value_ratio_tolerance: 0.25
              priority_full_confidence_count: 15
              domain_minimum_executions: 3
              domain_full_confidence_count: 12
              cost_window_days: 90
              maximum_quality_loss: 0.3
              minimum_saving: 2.5
              cost_full_confidence_count: 8
              cost_logging_confidence: 0.4
              graduation_threshold: 0.9

            """ + Self.minimal
        let learning = try CatalogLoader.parse(text, source: "test.yaml").learning
        var expected = LearningConfiguration()
        expected.tokenWindowDays = 14
        expected.tokenRatioTolerance = 0.1
        expected.tokenFullConfidenceCount = 40
        expected.valueWindowDays = 21
        expected.valueMinimumExecutions = 10
        expected.correlationThreshold = 0.7
        expected.valueRatioTolerance = 0.25
        expected.priorityFullConfidenceCount = 15
        expected.domainMinimumExecutions = 3
        expected.domainFullConfidenceCount = 12
        expected.costWindowDays = 90
        expected.maximumQualityLoss = 0.3
        expected.minimumSaving = 2.5
        expected.costFullConfidenceCount = 8
        expected.costLoggingConfidence = 0.4
        expected.graduationThreshold = 0.9
        #expect(learning == expected)
    }

    @Test func nullValuesCountAsAbsent() throws {
        let catalog = try CatalogLoader.parse("policy:\nestimation: ~\n" + Self.minimal, source: "test.yaml")
        #expect(catalog.policy == RankingPolicy())
        #expect(catalog.estimation == EstimationParameters())
    }

    @Test func overridesTakeEffect() throws {
        let text = """
            policy: {default_strategy: thompson, prior_strength: 8, subscription_threshold: 60, high_value_threshold: 90,
                     prior_quality_variance: 2.5, learned_prior_weight: 0.1, minimum_cost: 0.001,
                     quality_tolerance: 1.5, pool_domains: true}
            estimation:
              base_input_tokens: 6000
              base_output_tokens: 3_000
              complexity_multipliers: {simple: 0.25, epic: 4}
              domain_token_factors: {infrastructure: 1.4}
              priority_weights: {P0: 120}
              default_priority_weight: 10
              domain_modifiers: {security: 1.2}
            capability_fallback: {quality: 4, success_rate: 0.4}
            models:
              - name: big
                tier: premium
                input_price_per_million: 15
                output_price_per_million: 75
                enabled: false
                capabilities:
                  overall: {quality: 9, success_rate: 0.9}
                  domains: {security: {quality: 8}}
                  complexities: {very_complex: {quality: 8.5, success_rate: 0.7}}
                  domain_complexities: {frontend: {simple: {quality: 9.6, success_rate: 0.98}}}
              - name: plan
                tier: mid
                input_price_per_million: 3
                output_price_per_million: 15
                subscription: {quota_tokens: 0, quota_tasks: 900, fee: 200}
              - name: bare
                tier: cheap
                input_price_per_million: 0
                output_price_per_million: 0
                capabilities: {domains: {docs: {success_rate: 0.8}}}
            """
        let catalog = try CatalogLoader.parse(text, source: "test.yaml")
        #expect(catalog.policy == RankingPolicy(
            priorStrength: 8, priorQualityVariance: 2.5, subscriptionThreshold: 60, highValueThreshold: 90,
            defaultStrategy: .thompson, learnedPriorWeight: 0.1, minimumCost: 0.001,
            qualityTolerance: 1.5, poolDomains: true))
        // Tables replace the defaults whole: medium is gone, P1 falls to the default weight.
        #expect(catalog.estimation == EstimationParameters(
            baseInputTokens: 6000, baseOutputTokens: 3000, complexityMultipliers: ["simple": 0.25, "epic": 4],
            domainTokenFactors: ["infrastructure": 1.4], priorityWeights: ["P0": 120], defaultPriorityWeight: 10,
            domainModifiers: ["security": 1.2]))
        #expect(catalog.estimation.priorityWeight("P1") == 10)
        #expect(catalog.capabilities.fallback == CapabilityPrior(quality: 4, successRate: 0.4))

        #expect(catalog.models.map(\.name) == ["big", "plan", "bare"])
        #expect(catalog.models[0].enabled == false)
        #expect(catalog.models[1].subscription == Subscription(quotaTokens: nil, quotaTasks: 900, periodSeconds: 2_592_000, fee: 200))

        let big = try #require(catalog.capabilities.models["big"])
        #expect(big.overall == CapabilityPrior(quality: 9, successRate: 0.9))
        // A figure left out is the model's overall one.
        #expect(big.byDomain["security"] == CapabilityPrior(quality: 8, successRate: 0.9))
        #expect(big.byComplexity["very_complex"] == CapabilityPrior(quality: 8.5, successRate: 0.7))
        #expect(big.byDomainAndComplexity["frontend"]?["simple"] == CapabilityPrior(quality: 9.6, successRate: 0.98))
        #expect(catalog.capabilities.models["plan"] == nil)
        // Without overall, the fallback is the base.
        #expect(catalog.capabilities.models["bare"]?.byDomain["docs"] == CapabilityPrior(quality: 4, successRate: 0.8))
    }

    @Test func aliasesShareAnEntry() throws {
        let text = """
            models:
              - {name: a, tier: mid, input_price_per_million: 1, output_price_per_million: 1, capabilities: &shared {overall: {quality: 7, success_rate: 0.7}}}
              - {name: b, tier: mid, input_price_per_million: 1, output_price_per_million: 1, capabilities: *shared}
            """
        let catalog = try CatalogLoader.parse(text, source: "test.yaml")
        #expect(catalog.capabilities.models["b"] == catalog.capabilities.models["a"])
    }

    // MARK: Errors, each at its line and path

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var text: String
        var line: Int
        var column: Int
        var path: String
        var reason: String
        var testDescription: String { name }
    }

    static let model = "  - name: solo\n    tier: cheap\n    input_price_per_million: 1\n    output_price_per_million: 2\n"

    static let cases: [Case] = [
        Case(name: "unknown top-level key", text: "modles: []\n", line: 1, column: 1, path: "modles", reason: "unknown key 'modles'"),
        Case(
            name: "unknown model key", text: "models:\n" + model + "    temperature: 0.2\n",
            line: 6, column: 5, path: "models[0].temperature", reason: "unknown key 'temperature'"),
        Case(
            name: "unknown prior key", text: "models:\n" + model + "    capabilities: {overall: {quality: 5, succes_rate: 0.5}}\n",
            line: 6, column: 42, path: "models[0].capabilities.overall.succes_rate", reason: "unknown key 'succes_rate'"),
        Case(
            name: "bad tier", text: "models:\n  - name: solo\n    tier: ultra\n    input_price_per_million: 1\n    output_price_per_million: 2\n",
            line: 3, column: 11, path: "models[0].tier", reason: "unknown tier 'ultra'; use premium, mid or cheap"),
        Case(
            name: "negative price", text: "models:\n  - name: solo\n    tier: cheap\n    input_price_per_million: -1\n    output_price_per_million: 2\n",
            line: 4, column: 30, path: "models[0].input_price_per_million", reason: "non-negative"),
        Case(
            name: "price as text", text: "models:\n  - name: solo\n    tier: cheap\n    input_price_per_million: \"1\"\n    output_price_per_million: 2\n",
            line: 4, column: 30, path: "models[0].input_price_per_million", reason: "expected a number, found the text \"1\""),
        Case(
            name: "missing tier", text: "models:\n  - name: solo\n    input_price_per_million: 1\n    output_price_per_million: 2\n",
            line: 2, column: 5, path: "models[0].tier", reason: "tier is required"),
        Case(
            name: "quality 11", text: "models:\n" + model + "    capabilities:\n      domains:\n        backend: {quality: 11, success_rate: 0.5}\n",
            line: 8, column: 28, path: "models[0].capabilities.domains.backend.quality", reason: "quality must be between 0 and 10"),
        Case(
            name: "success rate 1.5", text: "models:\n" + model + "    capabilities:\n      domain_complexities:\n        data: {simple: {success_rate: 1.5}}\n",
            line: 8, column: 39, path: "models[0].capabilities.domain_complexities.data.simple.success_rate", reason: "success_rate must be between 0 and 1"),
        Case(
            name: "duplicate name", text: "models:\n" + model + model.replacingOccurrences(of: "cheap", with: "mid"),
            line: 6, column: 11, path: "models[1].name", reason: "duplicate model name 'solo'; models[0] has it already"),
        Case(
            name: "unknown strategy", text: "policy:\n  default_strategy: best\n" + "models:\n" + model,
            line: 2, column: 21, path: "policy.default_strategy", reason: "unknown strategy 'best'; use greedy, thompson or seed_compat"),
        Case(
            name: "policy rule", text: "policy: {prior_strength: 0}\nmodels:\n" + model,
            line: 1, column: 26, path: "policy.prior_strength", reason: "prior_strength must be a finite, positive number"),
        Case(
            name: "quality tolerance", text: "policy: {quality_tolerance: 11}\nmodels:\n" + model,
            line: 1, column: 29, path: "policy.quality_tolerance", reason: "quality_tolerance must be in [0, 10]"),
        Case(
            name: "quality price", text: "policy: {quality_price: -1}\nmodels:\n" + model,
            line: 1, column: 25, path: "policy.quality_price", reason: "quality_price must be a finite, non-negative number of dollars"),
        Case(
            name: "both trade-offs", text: "policy: {quality_tolerance: 1, quality_price: 0.01}\nmodels:\n" + model,
            line: 1, column: 47, path: "policy.quality_price", reason: "quality_price and quality_tolerance are two ways to trade cost for quality; set one"),
        Case(
            name: "estimation table entry", text: "estimation:\n  priority_weights: {P0: -5}\nmodels:\n" + model,
            line: 2, column: 26, path: "estimation.priority_weights.P0", reason: "priority_weights.P0 must be a finite, non-negative number"),
        Case(
            name: "subscription without quota", text: "models:\n" + model + "    subscription: {quota_tasks: 0, fee: 20}\n",
            line: 6, column: 19, path: "models[0].subscription.quota_tokens", reason: "needs quota_tokens, quota_tasks or both"),
        Case(
            name: "subscription without fee", text: "models:\n" + model + "    subscription: {quota_tasks: 10}\n",
            line: 6, column: 19, path: "models[0].subscription.fee", reason: "fee is required"),
        Case(
            name: "learning tolerance", text: "learning:\n  token_ratio_tolerance: 1.5\nmodels:\n" + model,
            line: 2, column: 26, path: "learning.token_ratio_tolerance", reason: "token_ratio_tolerance must be a number between 0 and 1"),
        Case(
            name: "negative graduation threshold", text: "learning:\n  graduation_threshold: -0.5\nmodels:\n" + model,
            line: 2, column: 25, path: "learning.graduation_threshold", reason: "graduation_threshold must be a number between 0 and 1"),
        Case(
            name: "learning window", text: "learning: {cost_window_days: 0}\nmodels:\n" + model,
            line: 1, column: 30, path: "learning.cost_window_days", reason: "cost_window_days must be between 1 and 3650"),
        Case(
            name: "learning count as text", text: "learning:\n  value_minimum_executions: many\nmodels:\n" + model,
            line: 2, column: 29, path: "learning.value_minimum_executions", reason: "expected"),
        Case(
            name: "unknown learning key", text: "learning:\n  token_tolerance: 0.1\nmodels:\n" + model,
            line: 2, column: 3, path: "learning.token_tolerance", reason: "unknown key"),
        Case(name: "empty models", text: "models: []\n", line: 1, column: 9, path: "models", reason: "at least one model"),
        Case(name: "no models", text: "policy: {}\n", line: 1, column: 1, path: "models", reason: "models is required"),
        Case(name: "models not a list", text: "models: {solo: 1}\n", line: 1, column: 9, path: "models", reason: "expected the list of models (a list), found a mapping"),
        Case(name: "empty file", text: "", line: 1, column: 1, path: "", reason: "the catalog is empty"),
        Case(
            name: "YAML syntax error", text: "models:\n  - name: solo\n    tier: [cheap\n    input_price_per_million: 1\n",
            line: 4, column: 28, path: "",
            reason: "invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence at 3:11)"),
        Case(
            name: "duplicate YAML key", text: "models:\n  - name: solo\n    tier: cheap\n    tier: mid\n",
            line: 3, column: 5, path: "", reason: "invalid YAML: duplicate key 'tier'"),
    ]

    @Test(arguments: cases)
    func errorsNameTheLineAndPath(_ expected: Case) throws {
        let error = try #require(Self.refusal(expected.text))
        #expect(error.source == "test.yaml")
        #expect((error.line, error.column) == (expected.line, expected.column), "\(error)")
        #expect(error.path == expected.path, "\(error)")
        #expect(error.reason.contains(expected.reason), "\(error)")
    }

    @Test func descriptionIsFileLineColumnPathReason() throws {
        let error = try #require(Self.refusal("models:\n  - name: solo\n    tier: ultra\n"))
        #expect(error.description == "test.yaml:3:11: models[0].tier: unknown tier 'ultra'; use premium, mid or cheap")
    }

    @Test func aliasExpansionIsBounded() throws {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1..<8 {
            lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        let error = try #require(Self.refusal(lines.joined(separator: "\n") + "\nmodels: []\n"))
        #expect(error.reason.contains("more than \(CatalogDecoder.maximumValues) values"))
    }

    // MARK: Files

    @Test func loadReadsAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).yaml")
        try Self.minimal.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try CatalogLoader.load(path: url.path).models.map(\.name) == ["solo"])

        try "models:\n  - name: solo\n    tier: gold\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: CatalogError(source: url.path, line: 3, column: 11, path: "models[0].tier", reason: "unknown tier 'gold'; use premium, mid or cheap")) {
            try CatalogLoader.load(path: url.path)
        }
    }

    @Test func aMissingFileIsNamed() {
        let path = "/nonexistent/\(UUID().uuidString)/catalog.yaml"
        #expect(throws: CatalogError(source: path, line: 0, column: 0, path: "", reason: "no such file")) {
            try CatalogLoader.load(path: path)
        }
        #expect(CatalogError(source: path, line: 0, column: 0, path: "", reason: "no such file").description == "\(path): no such file")
    }

    @Test func invalidUTF8IsRefused() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UUID().uuidString).yaml")
        try Data([0x6D, 0x3A, 0x20, 0xFF, 0x0A]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: CatalogError(source: url.path, line: 0, column: 0, path: "", reason: "the file is not valid UTF-8")) {
            try CatalogLoader.load(path: url.path)
        }
    }
}
