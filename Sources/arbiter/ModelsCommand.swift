import ArbiterClient
import ArbiterCore
import ArbiterWire
import ArgumentParser
import Foundation

/// `arbiter models`: the catalog the server ranks from.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "List the models in the server's catalog."
    )

    @OptionGroup var connection: ConnectionOptions

    @Flag(help: "Print JSON with the proto field names.")
    var json = false

    func run() throws {
        let catalog = try Console.reportingErrors { () throws(ArbiterError) in
            try connection.connect().models()
        }
        print(json ? try Console.json(Self.jsonObject(for: catalog)) : Self.text(for: catalog))
    }

    /// A `ListModelsResponse`.
    static func jsonObject(for catalog: CatalogSummary) -> [String: Any] {
        [
            "models": catalog.models.map(jsonObject(for:)),
            "catalog_path": catalog.catalogPath,
            "loaded_at_ms": catalog.loadedAtMs,
        ]
    }

    /// A `ModelInfo`; an unlimited quota is 0, as on the wire.
    static func jsonObject(for model: ModelDescriptor) -> [String: Any] {
        var object: [String: Any] = [
            "name": model.name,
            "tier": model.tier.protoName,
            "input_price_per_million": Console.jsonNumber(model.inputPricePerMillion),
            "output_price_per_million": Console.jsonNumber(model.outputPricePerMillion),
            "enabled": model.enabled,
        ]
        if let subscription = model.subscription {
            object["subscription"] = [
                "quota_tokens": subscription.quotaTokens ?? 0,
                "quota_tasks": subscription.quotaTasks ?? 0,
                "period_seconds": subscription.periodSeconds,
                "fee": Console.jsonNumber(subscription.fee),
            ] as [String: Any]
        }
        return object
    }

    static func text(for catalog: CatalogSummary) -> String {
        var table = TextTable(columns: [
            TextTable.Column("MODEL", alignment: .left),
            TextTable.Column("TIER", alignment: .left),
            TextTable.Column("INPUT $/M"),
            TextTable.Column("OUTPUT $/M"),
            TextTable.Column("ENABLED", alignment: .left),
            TextTable.Column("SUBSCRIPTION", alignment: .left),
        ])
        for model in catalog.models {
            table.append([
                model.name,
                model.tier.rawValue,
                String(format: "%.2f", model.inputPricePerMillion),
                String(format: "%.2f", model.outputPricePerMillion),
                model.enabled ? "yes" : "no",
                model.subscription.map(subscriptionText) ?? "-",
            ])
        }
        let source = catalog.catalogPath.isEmpty ? "built-in default" : catalog.catalogPath
        let loaded = Date(timeIntervalSince1970: Double(catalog.loadedAtMs) / 1000).formatted(.iso8601)
        return "catalog: \(source), loaded \(loaded)\n" + table.render()
    }

    /// `$200.00 per 30 days for 900 tasks`.
    static func subscriptionText(_ subscription: Subscription) -> String {
        var quotas: [String] = []
        if let tokens = subscription.quotaTokens { quotas.append("\(tokens) tokens") }
        if let tasks = subscription.quotaTasks { quotas.append("\(tasks) tasks") }
        let quota = quotas.isEmpty ? "" : " for " + quotas.joined(separator: " and ")
        return String(format: "$%.2f", subscription.fee) + " per " + period(subscription.periodSeconds) + quota
    }

    /// A period in the largest whole unit: `30 days`, `12 hours`, `90 seconds`.
    static func period(_ seconds: Int64) -> String {
        for (unit, length) in [("day", Int64(86_400)), ("hour", 3600), ("minute", 60)] where seconds >= length && seconds % length == 0 {
            let count = seconds / length
            return "\(count) \(unit)\(count == 1 ? "" : "s")"
        }
        return "\(seconds) second\(seconds == 1 ? "" : "s")"
    }
}
