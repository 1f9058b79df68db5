import ArbiterClient
import ArbiterCore
import ArgumentParser
import Foundation

/// `arbiter rank`: which models the server would give a task, best first.
struct RankCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rank",
        abstract: "Rank the models for a task, best first.",
        discussion: """
            greedy scores each model by expected quality x success rate x value per dollar, \
            learned data blended with the catalog's priors; thompson draws quality and success \
            from their posteriors, so under-tried models get a turn; seed_compat reproduces the \
            original ranking for control groups. A thompson ranking reports its seed: pass it \
            to --seed to replay the ranking.
            """
    )

    @OptionGroup var connection: ConnectionOptions
    @OptionGroup var task: TaskOptions

    @Option(
        help: ArgumentHelp("greedy, thompson or seed_compat (default: the catalog's default_strategy).", valueName: "strategy"),
        transform: RankCommand.parseStrategy
    )
    var strategy: RankingStrategy?

    @Option(name: .customLong("top-k"), help: ArgumentHelp("Show at most this many models; 0 shows all.", valueName: "n"))
    var topK = 0

    @Option(help: "Seed for thompson sampling, to replay a ranking.")
    var seed: UInt64?

    @Option(
        name: .customLong("quality-tolerance"),
        help: ArgumentHelp(
            "Best value per dollar among models at most this many quality points (0-10) behind the best; 0 buys the best quality (default: the catalog's).",
            valueName: "points"))
    var qualityTolerance: Double?

    @Option(
        name: .customLong("quality-price"),
        help: ArgumentHelp(
            "Rank by dollars × expected quality points − cost: pay up to this many dollars per quality point (default: the catalog's).",
            valueName: "dollars"))
    var qualityPrice: Double?

    @Option(
        name: .customLong("failed-model"),
        help: ArgumentHelp(
            "A model that already failed this task (repeatable): rank a retry, leaving it out and scoring the rest on what retries showed.",
            valueName: "model"))
    var failedModels: [String] = []

    @Flag(help: "Print JSON with the proto field names.")
    var json = false

    func validate() throws {
        guard topK >= 0 else {
            throw ValidationError("--top-k must not be negative (0 shows all)")
        }
        // The server checks the same; checking here names the flag, not the proto field.
        do {
            try request.validate()
        } catch where error.field == "quality_tolerance" || error.field == "quality_price" {
            throw ValidationError("--" + error.field.replacingOccurrences(of: "_", with: "-") + ": " + error.message)
        } catch {}
    }

    private var request: RankingRequest {
        RankingRequest(
            task: task.task, candidates: task.candidateNames, strategy: strategy, topK: topK, seed: seed,
            qualityTolerance: qualityTolerance, qualityPrice: qualityPrice, failedModels: failedModels)
    }

    func run() throws {
        let result = try Console.reportingErrors { () throws(ArbiterError) in
            try connection.connect().rank(request)
        }
        if json {
            print(try Console.json(Self.jsonObject(for: result)))
        } else {
            print(Self.text(for: result))
        }
    }

    static func parseStrategy(_ text: String) throws -> RankingStrategy {
        guard let strategy = RankingStrategy(rawValue: text.lowercased()) else {
            throw ValidationError("unknown strategy '\(text)'; use greedy, thompson or seed_compat")
        }
        return strategy
    }

    /// A `RankModelsResponse`; `seed` is 0 when the strategy drew nothing, as on the wire.
    static func jsonObject(for result: RankingResult) -> [String: Any] {
        [
            "models": result.ranked.map(jsonObject(for:)),
            "excluded": result.excluded.map(EstimateCommand.jsonObject(for:)),
            "strategy": result.strategy.rawValue,
            "seed": result.seed ?? 0,
            "ab_test_id": result.abTestID,
            "ab_variant": result.abVariant,
        ]
    }

    static func jsonObject(for ranked: RankedModel) -> [String: Any] {
        [
            "model": ranked.model,
            "score": Console.jsonNumber(ranked.score),
            "expected_quality": Console.jsonNumber(ranked.expectedQuality),
            "expected_success_rate": Console.jsonNumber(ranked.expectedSuccessRate),
            "expected_value_per_dollar": Console.jsonNumber(ranked.expectedValuePerDollar),
            "estimated_cost": Console.jsonNumber(ranked.estimatedCost),
            "confidence": Console.jsonNumber(ranked.confidence),
            "source": ranked.source.protoName,
            "assignment_reason": ranked.assignmentReason.rawValue,
            "estimate": EstimateCommand.jsonObject(for: ranked.estimate),
        ]
    }

    static func text(for result: RankingResult) -> String {
        var table = TextTable(columns: [
            TextTable.Column("RANK"),
            TextTable.Column("MODEL", alignment: .left),
            TextTable.Column("SCORE"),
            TextTable.Column("QUALITY"),
            TextTable.Column("SUCCESS"),
            TextTable.Column("VALUE/$"),
            TextTable.Column("COST"),
            TextTable.Column("CONFIDENCE"),
            TextTable.Column("SOURCE", alignment: .left),
            TextTable.Column("REASON", alignment: .left),
        ])
        for (index, ranked) in result.ranked.enumerated() {
            table.append([
                "\(index + 1)",
                ranked.model,
                magnitude(ranked.score),
                String(format: "%.2f", ranked.expectedQuality),
                String(format: "%.1f%%", ranked.expectedSuccessRate * 100),
                magnitude(ranked.expectedValuePerDollar),
                EstimateCommand.dollars(ranked.estimatedCost),
                String(format: "%.2f", ranked.confidence),
                ranked.source.rawValue,
                ranked.assignmentReason.rawValue,
            ])
        }
        var lines = ["strategy: \(result.strategy.rawValue)" + (result.seed.map { ", seed \($0)" } ?? "")]
        lines.append(contentsOf: EstimateCommand.abTestLines(testID: result.abTestID, variant: result.abVariant))
        lines.append(result.ranked.isEmpty ? "no model can take the task" : table.render())
        lines.append(contentsOf: EstimateCommand.exclusionLines(result.excluded))
        return lines.joined(separator: "\n")
    }

    /// Scores and values per dollar run from thousandths to hundreds of thousands; keep about four digits.
    static func magnitude(_ value: Double) -> String {
        switch abs(value) {
        case 1000...: String(format: "%.0f", value)
        case 10...: String(format: "%.1f", value)
        default: String(format: "%.3f", value)
        }
    }
}
