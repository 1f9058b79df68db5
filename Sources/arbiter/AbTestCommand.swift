import ArbiterClient
import ArbiterCore
import ArgumentParser
import Foundation

/// `arbiter abtest`: A/B tests of ranking and estimation strategies.
struct AbTestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "abtest",
        abstract: "Create, list, show, stop, analyze and graduate A/B tests of strategies.",
        subcommands: [Create.self, List.self, Show.self, Stop.self, Analyze.self, Graduate.self],
        defaultSubcommand: List.self
    )

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an A/B test.",
            discussion: """
                A strategy is NAME[,KEY=VALUE...]: model=M prefers model M for matching tasks, threshold=T sets the \
                subscription threshold, ranking=S the ranking strategy (greedy, thompson, seed_compat), tolerance=T \
                or price=P the quality tolerance or price (see arbiter rank), and any other KEY=NUMBER the token \
                multiplier of complexity KEY. A NAME alone is a strategy of the catalog file.
                  arbiter abtest create test-001 --control original,simple=0.5,medium=1,complex=1.5,very_complex=2 \\
                    --treatment learned,simple=0.6,medium=1.1,complex=1.7,very_complex=2.3 --min-samples 50
                """)

        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The test's id.")
        var id: String
        @Option(help: "A name for people.")
        var name = ""
        @Option(help: "What the test is for.")
        var description = ""
        @Option(help: ArgumentHelp("The control strategy.", valueName: "strategy"))
        var control: String
        @Option(help: ArgumentHelp("The treatment strategy.", valueName: "strategy"))
        var treatment: String
        @Option(help: "Share of matching tasks that go to control, in (0, 1).")
        var ratio = 0.5
        @Option(help: "Only tasks of this priority (repeatable).")
        var priority: [String] = []
        @Option(help: "Only tasks of this domain (repeatable).")
        var domain: [String] = []
        @Option(help: "Only tasks of this complexity (repeatable).")
        var complexity: [String] = []
        @Option(help: "Only tasks with this model among their candidates (repeatable).")
        var model: [String] = []
        @Option(help: ArgumentHelp("When the test starts (Unix ms or ISO 8601; default now).", valueName: "time"))
        var start: String?
        @Option(help: ArgumentHelp("When the test ends (Unix ms or ISO 8601; default never).", valueName: "time"))
        var end: String?
        @Option(help: "Samples per group before any verdict.")
        var minSamples = 30
        @Option(help: "value_per_dollar, quality_score, success_rate or value_delivered.")
        var metric = AbTest.Metric.valuePerDollar.rawValue
        @Option(help: "Significance level (two-sided alpha).")
        var alpha = 0.05
        @Option(help: "sequential (always valid; default) or fixed_horizon.")
        var stoppingRule = AbTest.StoppingRule.sequential.rawValue
        @Flag(help: "Print JSON with the proto field names.")
        var json = false

        func validate() throws {
            for (flag, value) in [("--start", start), ("--end", end)] {
                if let value, TimeArgument.milliseconds(value) == nil {
                    throw ValidationError("\(flag) must be Unix milliseconds or an ISO 8601 date; got '\(value)'")
                }
            }
            guard AbTest.Metric(rawValue: metric) != nil else {
                throw ValidationError("--metric must be one of \(AbTest.Metric.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard AbTest.StoppingRule(rawValue: stoppingRule) != nil else {
                throw ValidationError("--stopping-rule must be sequential or fixed_horizon")
            }
            _ = try AbTestCommand.strategy(control, option: "--control")
            _ = try AbTestCommand.strategy(treatment, option: "--treatment")
        }

        func run() throws {
            let test = AbTest(
                testID: id, name: name, description: description,
                control: try AbTestCommand.strategy(control, option: "--control"),
                treatment: try AbTestCommand.strategy(treatment, option: "--treatment"),
                assignmentRatio: ratio,
                criteria: AbTestCriteria(priorities: priority, domains: domain, complexities: complexity, models: model),
                startMs: start.flatMap(TimeArgument.milliseconds) ?? 0, endMs: end.flatMap(TimeArgument.milliseconds) ?? 0,
                minSamples: minSamples, primaryMetric: AbTest.Metric(rawValue: metric) ?? .valuePerDollar, significanceLevel: alpha,
                stoppingRule: AbTest.StoppingRule(rawValue: stoppingRule) ?? .sequential)
            let created = try Console.reportingErrors { () throws(ArbiterError) in try connection.connect().createAbTest(test) }
            print(json ? try Console.json(AbTestJSON.test(created)) : AbTestCommand.describe(created))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every A/B test, in creation order.")

        @OptionGroup var connection: ConnectionOptions
        @Flag(help: "Print JSON with the proto field names.")
        var json = false

        func run() throws {
            let tests = try Console.reportingErrors { () throws(ArbiterError) in try connection.connect().abTests() }
            if json {
                print(try Console.json(tests.map(AbTestJSON.test)))
                return
            }
            guard !tests.isEmpty else {
                Console.writeError("no A/B tests\n")
                return
            }
            var table = TextTable(columns: [
                TextTable.Column("TEST", alignment: .left), TextTable.Column("STATUS", alignment: .left),
                TextTable.Column("CONTROL", alignment: .left), TextTable.Column("TREATMENT", alignment: .left),
                TextTable.Column("RATIO"), TextTable.Column("MIN"), TextTable.Column("METRIC", alignment: .left),
            ])
            for test in tests {
                table.append([
                    test.testID, AbTestCommand.status(test), test.control.name, test.treatment.name,
                    String(format: "%.2f", test.assignmentRatio), "\(test.minSamples)", test.primaryMetric.rawValue,
                ])
            }
            print(table.render())
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one A/B test.")

        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The test's id.")
        var id: String
        @Flag(help: "Print JSON with the proto field names.")
        var json = false

        func run() throws {
            let test = try Console.reportingErrors { () throws(ArbiterError) in try connection.connect().abTest(id: id) }
            print(json ? try Console.json(AbTestJSON.test(test)) : AbTestCommand.describe(test))
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop an A/B test: its tasks go back to production.")

        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The test's id.")
        var id: String
        @Flag(help: "Print JSON with the proto field names.")
        var json = false

        func run() throws {
            let test = try Console.reportingErrors { () throws(ArbiterError) in try connection.connect().stopAbTest(id: id) }
            print(json ? try Console.json(AbTestJSON.test(test)) : AbTestCommand.describe(test))
        }
    }

    struct Analyze: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compare the groups of an A/B test and give the verdict.")

        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The test's id.")
        var id: String
        @Flag(help: "Print JSON with the proto field names.")
        var json = false

        func run() throws {
            let analysis = try Console.reportingErrors { () throws(ArbiterError) in try connection.connect().analyzeAbTest(id: id) }
            print(json ? try Console.json(AbTestJSON.analysis(analysis)) : AbTestCommand.describe(analysis))
        }
    }

    struct Graduate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the winner of an A/B test the production default and stop the test (refused without a winner).")

        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "The test's id.")
        var id: String
        @Flag(help: "Print JSON with the proto field names.")
        var json = false

        func run() throws {
            let (test, analysis) = try Console.reportingErrors { () throws(ArbiterError) in try connection.connect().graduateAbTest(id: id) }
            if json {
                print(try Console.json(["test": AbTestJSON.test(test), "analysis": AbTestJSON.analysis(analysis)]))
            } else {
                print(AbTestCommand.describe(test))
            }
        }
    }

    /// A strategy from `NAME[,KEY=VALUE...]`.
    static func strategy(_ text: String, option: String) throws -> AbStrategy {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard let name = parts.first, !name.isEmpty, !name.contains("=") else {
            throw ValidationError("\(option) must start with the strategy's name: NAME[,KEY=VALUE...]; got '\(text)'")
        }
        var strategy = AbStrategy(name: name)
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, !pair[0].isEmpty else { throw ValidationError("\(option): '\(part)' is not KEY=VALUE") }
            switch pair[0] {
            case "model":
                strategy.preferredModel = pair[1]
            case "ranking":
                guard let ranking = RankingStrategy(rawValue: pair[1]) else {
                    throw ValidationError("\(option): ranking must be greedy, thompson or seed_compat; got '\(pair[1])'")
                }
                strategy.rankingStrategy = ranking
            case "threshold":
                guard let threshold = Double(pair[1]) else { throw ValidationError("\(option): threshold must be a number; got '\(pair[1])'") }
                strategy.subscriptionThreshold = threshold
            case "tolerance":
                guard let tolerance = Double(pair[1]) else { throw ValidationError("\(option): tolerance must be a number; got '\(pair[1])'") }
                strategy.qualityTolerance = tolerance
            case "price":
                guard let price = Double(pair[1]) else { throw ValidationError("\(option): price must be a number; got '\(pair[1])'") }
                strategy.qualityPrice = price
            default:
                guard let multiplier = Double(pair[1]) else {
                    throw ValidationError("\(option): the multiplier of complexity '\(pair[0])' must be a number; got '\(pair[1])'")
                }
                strategy.complexityMultipliers[pair[0]] = multiplier
            }
        }
        return strategy
    }

    static func status(_ test: AbTest) -> String {
        switch test.status {
        case .graduated: "graduated (\(test.graduatedVariant?.rawValue ?? "?"))"
        case .graduationReverted: "graduation reverted (\(test.revertReason))"
        case .active, .stopped: test.status.rawValue
        }
    }

    static func describe(_ strategy: AbStrategy) -> String {
        var parts = [strategy.name]
        parts += strategy.complexityMultipliers.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        if !strategy.preferredModel.isEmpty { parts.append("model=\(strategy.preferredModel)") }
        if let threshold = strategy.subscriptionThreshold { parts.append("threshold=\(threshold)") }
        if let ranking = strategy.rankingStrategy { parts.append("ranking=\(ranking.rawValue)") }
        if let tolerance = strategy.qualityTolerance { parts.append("tolerance=\(tolerance)") }
        if let price = strategy.qualityPrice { parts.append("price=\(price)") }
        return parts.joined(separator: ",")
    }

    static func describe(_ test: AbTest) -> String {
        func list(_ values: [String]) -> String { values.isEmpty ? "any" : values.joined(separator: ", ") }
        let criteria = test.criteria
        return """
            test:           \(test.testID)\(test.name.isEmpty ? "" : " (\(test.name))")
            status:         \(status(test))
            control:        \(describe(test.control))
            treatment:      \(describe(test.treatment))
            ratio:          \(test.assignmentRatio) to control
            criteria:       priority \(list(criteria.priorities)); domain \(list(criteria.domains)); complexity \(list(criteria.complexities)); model \(list(criteria.models))
            window:         \(test.startMs) .. \(test.endMs == 0 ? "open" : "\(test.endMs)") (Unix ms)
            min samples:    \(test.minSamples) per group
            metric:         \(test.primaryMetric.rawValue), alpha \(test.significanceLevel), \(test.stoppingRule.rawValue)
            """
    }

    static func describe(_ analysis: AbTestAnalysis) -> String {
        var table = TextTable(columns: [
            TextTable.Column("GROUP", alignment: .left), TextTable.Column("TASKS"), TextTable.Column("QUALITY"), TextTable.Column("SUCCESS"),
            TextTable.Column("AVG COST"), TextTable.Column("AVG VALUE"), TextTable.Column("VALUE/$"), TextTable.Column("AVG TIME"),
        ])
        for (name, group) in [("control", analysis.control), ("treatment", analysis.treatment)] {
            table.append([
                name, "\(group.totalTasks)", String(format: "%.2f", group.avgQualityScore), String(format: "%.3f", group.successRate),
                String(format: "%.4f", group.avgCost), String(format: "%.2f", group.avgValueDelivered), String(format: "%.2f", group.valuePerDollar),
                String(format: "%.1f", group.avgExecutionTime),
            ])
        }
        var lines = [table.render(), ""]
        lines.append("verdict: \(analysis.verdict.rawValue)\(analysis.winner.map { " (\($0.rawValue))" } ?? "")")
        if let primary = analysis.primary {
            var line = String(
                format: "welch (%@): t %.4f, df %.2f, p %.4g, difference %.4g [%.4g, %.4g] at %.0f%%",
                analysis.primaryMetric.rawValue, primary.t, primary.degreesOfFreedom, primary.pValue, primary.difference,
                primary.confidenceLow, primary.confidenceHigh, primary.confidenceLevel * 100)
            if let lift = primary.relativeLift { line += String(format: ", lift %+.2f%%", lift * 100) }
            lines.append(line)
        }
        if let sequential = analysis.sequential {
            lines.append(String(format: "sequential (mSPRT): always-valid p %.4g, likelihood ratio %.4g", sequential.alwaysValidPValue, sequential.likelihoodRatio))
        }
        if let ratio = analysis.sampleRatio {
            lines.append(String(format: "sample ratio: chi-square %.4f, p %.4g%@", ratio.statistic, ratio.pValue, analysis.sampleRatioMismatch ? " MISMATCH" : ""))
        }
        for (name, test) in [("quality", analysis.quality), ("success", analysis.success)] {
            if let test { lines.append(String(format: "guardrail %@: difference %.4g, p %.4g", name, test.difference, test.pValue)) }
        }
        lines += analysis.notes.map { "note: \($0)" }
        return lines.joined(separator: "\n")
    }
}
