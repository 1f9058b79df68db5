import ArbiterCore
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The directory whose files `reload_catalog` may load by path.
///
/// The server reads a catalog with its own rights and quotes what it refuses (line, key, value),
/// so loading any path a client names would let that client read any file the server can, its
/// CURVE secret key included. Paths are therefore confined to one directory the operator chose:
/// `--catalog-dir`, else the directory of the `--catalog` file. With neither, the server runs the
/// built-in catalog and `reload_catalog` can only reload that.
struct CatalogDirectory: Sendable {
    /// Absolute, without symbolic links; nil when no file may be loaded by path.
    let root: FilePath?

    /// No file may be loaded by path.
    static let none = CatalogDirectory(root: nil)

    private init(root: FilePath?) {
        self.root = root
    }

    /// `configured` (`--catalog-dir`) when given, else the directory of `catalogPath`; each must exist.
    init(configured: String?, catalogPath: String?) throws(StartupError) {
        guard let directory = configured ?? catalogPath.map({ FilePath($0).removingLastComponent().string }) else {
            root = nil
            return
        }
        guard let resolved = Self.realPath(directory.isEmpty ? "." : directory) else {
            throw StartupError(description: "cannot use \(directory) as the catalog directory: \(Errno(rawValue: errno))")
        }
        root = resolved
    }

    /// The file `requested` names, resolved (a relative path is taken from the directory);
    /// PERMISSION_DENIED (field `path`) when it lies outside the directory.
    ///
    /// The lexical check comes first, so a path outside is refused without touching the file
    /// system (whether it exists is not told); the resolved path is checked again, so a symbolic
    /// link inside cannot lead out.
    func resolve(_ requested: String) throws(ArbiterError) -> String {
        guard let root else {
            throw ArbiterError(
                .permissionDenied,
                "this server runs the built-in catalog and was started without --catalog-dir, so reload_catalog loads no file; start arbiterd with --catalog FILE or --catalog-dir DIR",
                field: "path")
        }
        let path = FilePath(requested)
        let candidate = (path.isAbsolute ? path : root.pushing(path)).lexicallyNormalized()
        let outside = ArbiterError(
            .permissionDenied, "reload_catalog loads files in \(root.string) only (arbiterd --catalog-dir); \(requested) is outside it",
            field: "path")
        guard candidate.starts(with: root) else { throw outside }
        guard let resolved = Self.realPath(candidate.string) else { return candidate.string }  // the loader says it cannot read it
        guard resolved.starts(with: root) else { throw outside }
        return resolved.string
    }

    private static func realPath(_ path: String) -> FilePath? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return FilePath(String(cString: resolved))
    }
}
