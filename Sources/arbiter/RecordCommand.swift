import ArbiterClient
import ArbiterCore
import ArgumentParser
import Foundation

/// `arbiter record`: imports executions from a JSONL file in batches.
struct RecordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record executions from a JSONL file.",
        discussion: """
            Each non-blank line is one TaskExecution as a JSON object with the proto field \
            names (task_id, predicted_input_tokens, ...). Lines that are not valid executions \
            are reported with their line number and not sent; the server rejects invalid \
            items one by one and keeps the rest. Recording an execution_id again is harmless: \
            it counts as a duplicate.

            Exit status: 0 when every line was recorded (or was a duplicate), 2 when some \
            lines were rejected, 1 when the server could not be reached or failed a whole batch.
            """
    )

    @OptionGroup var connection: ConnectionOptions

    @Argument(help: ArgumentHelp("The JSONL file; - reads standard input.", valueName: "file"))
    var file: String

    @Option(help: "Executions per record_executions call.")
    var batchSize = 1000

    func validate() throws {
        guard batchSize >= 1 else {
            throw ValidationError("--batch-size must be at least 1")
        }
    }

    /// One item that was not recorded.
    struct Rejection {
        var line: Int
        var error: ArbiterError
    }

    func run() throws {
        var reader: LineReader
        do {
            reader = try LineReader(path: file)
        } catch {
            throw Console.fail("cannot open \(file): \(error.localizedDescription)")
        }
        defer { reader.close() }
        let client = try Console.reportingErrors { () throws(ArbiterError) in try connection.connect() }

        var progress = ProgressBar(total: reader.totalBytes)
        var summary = BatchOutcome()
        var rejections: [Rejection] = []
        var batch: [TaskExecution] = []
        var batchLines: [Int] = []
        batch.reserveCapacity(batchSize)
        batchLines.reserveCapacity(batchSize)

        func flush() throws(ArbiterError) {
            guard !batch.isEmpty else { return }
            let outcome = try client.record(batch: batch)
            summary.accepted += outcome.accepted
            summary.duplicates += outcome.duplicates
            for rejected in outcome.rejected {
                let line = batchLines.indices.contains(rejected.index) ? batchLines[rejected.index] : 0
                var error = rejected.error
                error.field = Self.itemField(error.field)
                rejections.append(Rejection(line: line, error: error))
            }
            batch.removeAll(keepingCapacity: true)
            batchLines.removeAll(keepingCapacity: true)
        }

        do {
            while let line = try reader.next() {
                if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\r") }) {
                    continue
                }
                do {
                    batch.append(try ExecutionJSON.parse(Data(line)))
                    batchLines.append(reader.lineNumber)
                } catch {
                    rejections.append(Rejection(line: reader.lineNumber, error: error))
                }
                if batch.count == batchSize {
                    try flush()
                    progress.update(done: reader.bytesConsumed, lines: reader.lineNumber, rejected: rejections.count)
                }
            }
            try flush()
        } catch let error as ArbiterError {
            progress.finish()
            print(Self.summary(summary, rejections))
            Console.writeError("stopped before line \(batchLines.first ?? reader.lineNumber)\n")
            throw Console.fail(error)
        } catch {
            progress.finish()
            print(Self.summary(summary, rejections))
            throw Console.fail("reading \(file) failed: \(error.localizedDescription)")
        }
        progress.finish()
        print(Self.summary(summary, rejections))
        if !rejections.isEmpty {
            throw ExitCode(2)
        }
    }

    /// The field relative to the item: the server names it within the batch (`executions[3].task_id`).
    static func itemField(_ field: String) -> String {
        for prefix in ["executions[", "execution."] where field.hasPrefix(prefix) {
            if prefix == "execution." {
                return String(field.dropFirst(prefix.count))
            }
            guard let close = field.firstIndex(of: "]") else { return field }
            let rest = field[field.index(after: close)...]
            return String(rest.hasPrefix(".") ? rest.dropFirst() : rest)
        }
        return field
    }

    static func summary(_ outcome: BatchOutcome, _ rejections: [Rejection]) -> String {
        var lines = [
            "accepted:   \(outcome.accepted)",
            "duplicates: \(outcome.duplicates)",
            "rejected:   \(rejections.count)",
        ]
        // Lines the client refused come before their batch's answer; report in file order.
        for rejection in rejections.sorted(by: { $0.line < $1.line }) {
            lines.append("  line \(rejection.line): \(Console.line(for: rejection.error))")
        }
        return lines.joined(separator: "\n")
    }
}
