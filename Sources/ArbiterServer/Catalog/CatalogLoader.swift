public import ArbiterCore
import Foundation
import Yams

/// Reads a catalog file (YAML; the format is described at the top of `default-catalog.yaml`)
/// into a `ModelCatalog`.
///
/// Strict: an unknown key, a value of the wrong type or out of range, a duplicate model name is an
/// error giving the line and column and the path of the value (`models[2].tier`), and nothing of a
/// refused file is used.
public enum CatalogLoader {
    /// What errors in the built-in catalog name as their file.
    public static let defaultCatalogSource = "default-catalog.yaml (built in)"

    public static func load(path: String) throws(CatalogError) -> ModelCatalog {
        func failure(_ reason: String) -> CatalogError {
            CatalogError(source: path, line: 0, column: 0, path: "", reason: reason)
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch CocoaError.fileReadNoSuchFile, CocoaError.fileNoSuchFile {
            throw failure("no such file")
        } catch CocoaError.fileReadNoPermission {
            throw failure("permission denied")
        } catch {
            throw failure("cannot read the file: \(error.localizedDescription)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw failure("the file is not valid UTF-8")
        }
        return try parse(text, source: path)
    }

    /// Parses catalog text; `source` names it in errors.
    public static func parse(_ text: String, source: String) throws(CatalogError) -> ModelCatalog {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw syntaxError(error, text: text, source: source)
        }
        return try CatalogDecoder(source: source, root: root).catalog()
    }

    /// The catalog shipped with the server, used when no file is given.
    ///
    /// Cannot fail: a test parses the file, so a broken one never ships.
    public static func loadDefault() -> ModelCatalog {
        defaultCatalog
    }

    /// The text of the built-in catalog, a starting point for a file of one's own.
    public static var defaultCatalogText: String {
        defaultText
    }

    private static let defaultText: String = {
        guard let url = Bundle.module.url(forResource: "default-catalog", withExtension: "yaml"),
              let text = try? String(contentsOf: url, encoding: .utf8)
        else {
            preconditionFailure("default-catalog.yaml is missing from the ArbiterServer resource bundle")
        }
        return text
    }()

    private static let defaultCatalog: ModelCatalog = {
        do {
            return try parse(defaultText, source: defaultCatalogSource)
        } catch {
            preconditionFailure("the built-in catalog is invalid: \(error)")
        }
    }()

    /// Yams' own position and problem, in the loader's error format.
    private static func syntaxError(_ error: any Error, text: String, source: String) -> CatalogError {
        func syntax(_ mark: Mark, _ problem: String, _ context: YamlError.Context?) -> CatalogError {
            var reason = "invalid YAML: \(problem)"
            if let context {
                reason += " (\(context.text) at \(context.mark.line):\(context.mark.column))"
            }
            return CatalogError(source: source, line: mark.line, column: mark.column, path: "", reason: reason)
        }
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return syntax(mark, problem, context)
        case .duplicatedKeysInMapping(let duplicates, let context):
            // Yams points at the first occurrence; its context text is the whole document, not worth repeating.
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return CatalogError(
                source: source, line: context.mark.line, column: context.mark.column, path: "",
                reason: "invalid YAML: duplicate key \(keys) in a mapping")
        case .reader(let problem, let offset, _, _):
            let (line, column) = offset.map { position(ofCharacter: $0, in: text) } ?? (0, 0)
            return CatalogError(source: source, line: line, column: column, path: "", reason: "invalid YAML: \(problem)")
        default:
            return CatalogError(source: source, line: 0, column: 0, path: "", reason: "invalid YAML: \(error)")
        }
    }

    /// Line and column, from 1, of the character at `offset`, as Yams reports reader errors.
    private static func position(ofCharacter offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for character in text.prefix(offset) {
            if character.isNewline {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return (line, column)
    }
}
