import ArbiterClient
import ArbiterCore
import ArgumentParser
import Foundation

/// `arbiter reload-catalog`: makes the server load a catalog file without restarting.
struct ReloadCatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reload-catalog",
        abstract: "Make the server load its catalog file again, or another one.",
        discussion: """
            The server reads the file itself, and only in its catalog directory (arbiterd \
            --catalog-dir, else the --catalog file's directory). A file it refuses (with the \
            line, column and key at fault) leaves the catalog in force unchanged.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp(
        "The catalog file (default: the server's current one). A relative path is taken from this directory.",
        valueName: "path"
    ))
    var path: String?

    @Flag(help: "Print JSON with the proto field names.")
    var json = false

    func run() throws {
        let catalog = try Console.reportingErrors { () throws(ArbiterError) in
            try connection.connect().reloadCatalog(path: resolvedPath)
        }
        if json {
            print(try Console.json(ModelsCommand.jsonObject(for: catalog)))
        } else {
            let count = catalog.models.count
            print("reloaded: \(count) model\(count == 1 ? "" : "s")\n" + ModelsCommand.text(for: catalog))
        }
    }

    /// Absolute: a path typed here means this directory, as for any command; the server would take
    /// a relative one from its catalog directory.
    var resolvedPath: String {
        guard let path, !path.isEmpty else { return "" }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
