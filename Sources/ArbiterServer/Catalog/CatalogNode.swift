import Yams

/// A YAML value and the path that leads to it, read strictly: each accessor throws a
/// `CatalogError` at the value's own line and column when it is not of the kind asked for.
struct CatalogNode {
    let node: Node
    /// `models[2].tier`; empty for the document itself.
    let path: String
    let source: String

    /// The resolved tag (`Tag.name` is internal to Yams; its raw value is not).
    private var tag: Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    /// `key:` with nothing after it, `~` or `null`, which the format treats as an absent key.
    var isNull: Bool {
        if case .scalar = node {
            return tag == .null
        }
        return false
    }

    func failure(_ reason: String) -> CatalogError {
        CatalogError(source: source, line: node.mark?.line ?? 0, column: node.mark?.column ?? 0, path: path, reason: reason)
    }

    /// `path` extended by a mapping key or a list index.
    func path(key: String) -> String { path.isEmpty ? key : path + "." + key }
    func path(index: Int) -> String { path + "[\(index)]" }

    /// The mapping, refusing the first key (in document order) that is not in `allowed`; nil allows any key.
    func mapping(what: String, allowed: [String]? = nil) throws(CatalogError) -> CatalogMapping {
        guard case .mapping(let mapping) = node else {
            throw failure("expected \(what) (a mapping), found \(kind)")
        }
        var entries: [(key: String, value: CatalogNode)] = []
        entries.reserveCapacity(mapping.count)
        for (keyNode, value) in mapping {
            let key = CatalogNode(node: keyNode, path: path, source: source)
            guard case .scalar(let scalar) = keyNode, !key.isNull, !scalar.string.isEmpty else {
                throw key.failure("keys must be plain text, found \(key.kind)")
            }
            if let allowed, !allowed.contains(scalar.string) {
                let expected = allowed.map { "'\($0)'" }.joined(separator: ", ")
                throw CatalogNode(node: keyNode, path: path(key: scalar.string), source: source)
                    .failure("unknown key '\(scalar.string)'; \(what) takes \(expected)")
            }
            entries.append((scalar.string, CatalogNode(node: value, path: path(key: scalar.string), source: source)))
        }
        return CatalogMapping(owner: self, entries: entries)
    }

    func items(what: String) throws(CatalogError) -> [CatalogNode] {
        guard case .sequence(let sequence) = node else {
            throw failure("expected \(what) (a list), found \(kind)")
        }
        return sequence.enumerated().map { CatalogNode(node: $1, path: path(index: $0), source: source) }
    }

    /// Any scalar's text, so that a model named `1.5` need not be quoted; only null is refused.
    func string() throws(CatalogError) -> String {
        guard case .scalar(let scalar) = node, !isNull else {
            throw failure("expected text, found \(kind)")
        }
        return scalar.string
    }

    /// An integer or decimal number; quoted numbers are text and refused.
    func number() throws(CatalogError) -> Double {
        guard case .scalar(let scalar) = node else {
            throw failure("expected a number, found \(kind)")
        }
        let value: Double?
        switch tag {
        case .int: value = Int64.construct(from: scalar).map(Double.init)
        case .float: value = Double.construct(from: scalar)
        default: throw failure("expected a number, found \(kind)")
        }
        guard let value, value.isFinite else {
            throw failure("expected a finite number, found \(scalar.string)")
        }
        return value
    }

    /// A whole number; `1e6` and `2.0` are accepted since they are exact.
    func integer() throws(CatalogError) -> Int64 {
        guard case .scalar(let scalar) = node else {
            throw failure("expected a whole number, found \(kind)")
        }
        switch tag {
        case .int:
            guard let value = Int64.construct(from: scalar) else {
                throw failure("\(scalar.string) does not fit in 64 bits")
            }
            return value
        case .float:
            // Exactly representable integers only: beyond 2^53 a double has already rounded.
            guard let value = Double.construct(from: scalar), value.rounded() == value, abs(value) <= 9_007_199_254_740_992 else {
                throw failure("expected a whole number, found \(scalar.string)")
            }
            return Int64(value)
        default:
            throw failure("expected a whole number, found \(kind)")
        }
    }

    func bool() throws(CatalogError) -> Bool {
        guard case .scalar(let scalar) = node, tag == .bool, let value = Bool.construct(from: scalar) else {
            throw failure("expected true or false, found \(kind)")
        }
        return value
    }

    /// One of an enumeration's raw values, listing them when the text is none of them.
    func choice<Choice: RawRepresentable & CaseIterable>(_: Choice.Type, what: String) throws(CatalogError) -> Choice
    where Choice.RawValue == String {
        let text = try string()
        guard let value = Choice(rawValue: text) else {
            let names = Choice.allCases.map(\.rawValue)
            let expected = names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
            throw failure("unknown \(what) '\(text)'; use \(expected)")
        }
        return value
    }

    /// What the value is, for messages: "a list", "the text \"abc\"".
    var kind: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch tag {
            case .null: return "nothing"
            case .bool: return "the boolean \(scalar.string)"
            case .int, .float: return "the number \(scalar.string)"
            default: return "the text \"\(scalar.string)\""
            }
        }
    }
}
