import ArbiterCore
import ArgumentParser
import Foundation

/// The task to estimate or rank for, and the models to consider; shared by `estimate` and `rank`.
struct TaskOptions: ParsableArguments {
    @Option(help: "The task's priority, such as P1.")
    var priority: String
    @Option(help: "The task's domain, such as infrastructure.")
    var domain: String
    @Option(help: "The task's complexity, such as simple, medium, complex or very_complex.")
    var complexity: String

    @Option(name: .customLong("task-id"), help: "The task's id.")
    var taskID = ""
    @Option(help: "The task's title.")
    var title = ""

    @Option(help: ArgumentHelp("Comma-separated models to consider (default: every enabled model).", valueName: "models"))
    var candidates: String?

    @Option(name: .customLong("input-tokens"), help: ArgumentHelp("Your prediction of input tokens, used instead of the server's.", valueName: "n"))
    var inputTokens: Int64?
    @Option(name: .customLong("output-tokens"), help: ArgumentHelp("Your prediction of output tokens, used instead of the server's.", valueName: "n"))
    var outputTokens: Int64?
    @Option(name: .customLong("value-score"), help: ArgumentHelp("Your value score, 0 to 100, used instead of the server's.", valueName: "score"))
    var valueScore: Double?

    var task: TaskDescriptor {
        TaskDescriptor(
            taskID: taskID, priority: priority, domain: domain, complexity: complexity, taskTitle: title,
            predictedInputTokens: inputTokens, predictedOutputTokens: outputTokens, predictedValueScore: valueScore
        )
    }

    /// The names given to `--candidates`; empty asks for every enabled model.
    var candidateNames: [String] {
        (candidates ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
