import ArbiterCore
import ArgumentParser
import Foundation

/// Output helpers: errors go to standard error in one format, data to standard output.
enum Console {
    /// Writes `text` to standard error as is.
    static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// `error: CODE (field): message`, the format every subcommand uses for a failed call.
    static func line(for error: ArbiterError) -> String {
        let field = error.field.isEmpty ? "" : " (\(error.field))"
        return "\(error.code.protoName)\(field): \(error.message)"
    }

    /// Prints `error` and returns the exit code to fail with.
    static func fail(_ error: ArbiterError) -> ExitCode {
        writeError("error: \(line(for: error))\n")
        return ExitCode(1)
    }

    /// Prints a failure that is not the server's, such as an unreadable file.
    static func fail(_ message: String) -> ExitCode {
        writeError("error: \(message)\n")
        return ExitCode(1)
    }

    /// Runs `body`, printing a server or transport error and exiting with 1.
    static func reportingErrors<Value>(_ body: () throws(ArbiterError) -> Value) throws(ExitCode) -> Value {
        do {
            return try body()
        } catch {
            throw fail(error)
        }
    }

    /// JSON text for `value`, pretty-printed with sorted keys.
    static func json(_ value: Any) throws(ExitCode) -> String {
        do {
            let data = try JSONSerialization.data(
                withJSONObject: value,
                options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            )
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw fail("cannot write JSON: \(error)")
        }
    }

    /// A double for JSON, which has no NaN or infinity; proto3 JSON spells them as strings.
    static func jsonNumber(_ value: Double) -> Any {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return value
    }
}
