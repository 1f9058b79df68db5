/// Why a catalog file was refused, and where: `file:line:column: path: reason`.
public struct CatalogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, or what the text came from when it was not read from a file.
    public var source: String
    /// From 1; 0 when the error has no position in the text (a file that cannot be read).
    public var line: Int
    /// From 1, counted in Unicode scalars as libyaml does; 0 when `line` is.
    public var column: Int
    /// The offending key or value (`models[2].tier`); empty when the error is about the whole text.
    public var path: String
    public var reason: String

    public init(source: String, line: Int, column: Int, path: String, reason: String) {
        self.source = source
        self.line = line
        self.column = column
        self.path = path
        self.reason = reason
    }

    /// The compiler's format, so editors and terminals can jump to the spot; parts that are
    /// unknown are left out rather than printed as zeros.
    public var description: String {
        var text = source
        if line > 0 {
            text += ":\(line):\(column)"
        }
        text += ": "
        if !path.isEmpty {
            text += path + ": "
        }
        return text + reason
    }
}
