/// A YAML mapping of the catalog, its keys already checked, read key by key.
///
/// A key whose value is null reads as absent, so `domain_modifiers:` with nothing after it
/// keeps the default like leaving the line out would.
struct CatalogMapping {
    let owner: CatalogNode
    /// In document order.
    let entries: [(key: String, value: CatalogNode)]

    subscript(key: String) -> CatalogNode? {
        entries.first { $0.key == key && !$0.value.isNull }?.value
    }

    /// The value of a key the format requires, or an error at the mapping naming the missing key.
    func required(_ key: String) throws(CatalogError) -> CatalogNode {
        if let value = self[key] {
            return value
        }
        var error = owner.failure("\(key) is required")
        error.path = owner.path(key: key)
        throw error
    }

    func string(_ key: String) throws(CatalogError) -> String? { try self[key]?.string() }
    func number(_ key: String) throws(CatalogError) -> Double? { try self[key]?.number() }
    func integer(_ key: String) throws(CatalogError) -> Int64? { try self[key]?.integer() }
    func bool(_ key: String) throws(CatalogError) -> Bool? { try self[key]?.bool() }

    /// A table of numbers with free labels (`priority_weights`), nil when absent.
    func numberTable(_ key: String) throws(CatalogError) -> [String: Double]? {
        guard let node = self[key] else { return nil }
        var table: [String: Double] = [:]
        for (label, value) in try node.mapping(what: "a table of numbers by label").entries {
            table[label] = try value.number()
        }
        return table
    }
}
