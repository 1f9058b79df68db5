/// What went wrong with a call, as the client sees it (`arbiter.v1.Error`).
public struct ArbiterError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: Int, Sendable, Hashable, CaseIterable {
        case invalidArgument = 1
        case malformedRequest = 2
        case notFound = 3
        case alreadyExists = 4
        case failedPrecondition = 5
        case resourceExhausted = 6
        case unauthenticated = 7
        case permissionDenied = 8
        case `internal` = 9
        case unavailable = 10
        case unimplemented = 11
    }

    public var code: Code
    public var message: String
    /// The offending field as a path (`execution.quality_score`, `executions[3].task_id`); empty when none.
    public var field: String

    public init(_ code: Code, _ message: String, field: String = "") {
        self.code = code
        self.message = message
        self.field = field
    }

    /// The same error with its field nested under `prefix` (`task_id` under `execution` is `execution.task_id`).
    public func nested(under prefix: String) -> ArbiterError {
        var copy = self
        copy.field = field.isEmpty ? prefix : (field.hasPrefix("[") ? prefix + field : prefix + "." + field)
        return copy
    }

    public var description: String {
        field.isEmpty ? "\(code): \(message)" : "\(code) (\(field)): \(message)"
    }
}
