public import ArbiterCore
public import Foundation

/// `TaskExecution` as one JSON object, the way proto3 JSON writes
/// `arbiter.v1.TaskExecution`: snake_case field names (lowerCamelCase ones are
/// accepted too), 64-bit integers as numbers or numeric strings, `NaN` and
/// `±Infinity` as strings, and `null` for a field's default.
///
/// Parsing is strict: an unknown key or a value of the wrong type is an
/// `INVALID_ARGUMENT` error whose `field` names the key.
public enum ExecutionJSON {
    /// Parses one JSON object, such as a line of a JSONL file.
    public static func parse(_ json: Data) throws(ArbiterError) -> TaskExecution {
        // JSONDecoder, not JSONSerialization: on Linux the latter rounds some
        // doubles to a neighbouring value, and it reports booleans as numbers.
        do {
            return try JSONDecoder().decode(Decoded.self, from: json).execution
        } catch let error as ArbiterError {
            throw error
        } catch DecodingError.typeMismatch(_, let context) where context.codingPath.isEmpty {
            throw ArbiterError(.invalidArgument, "expected a JSON object")
        } catch DecodingError.dataCorrupted(let context) {
            let underlying = context.underlyingError.map { (" " + String(describing: $0)) } ?? ""
            throw ArbiterError(.invalidArgument, "not valid JSON: \(context.debugDescription)\(underlying)")
        } catch {
            throw ArbiterError(.invalidArgument, "not valid JSON: \(error)")
        }
    }

    /// Parses one JSON object given as text.
    public static func parse(_ json: String) throws(ArbiterError) -> TaskExecution {
        try parse(Data(json.utf8))
    }

    /// The execution as a JSON object for `JSONSerialization`, with proto
    /// field names; unset optional fields are left out.
    public static func object(for execution: TaskExecution) -> [String: Any] {
        var object: [String: Any] = [:]
        for field in fields {
            if let value = field.json(of: execution) {
                object[field.name] = value
            }
        }
        return object
    }

    /// The execution as one line of JSON, keys sorted, without the newline.
    public static func line(for execution: TaskExecution) -> String {
        do {
            let data = try JSONSerialization.data(
                withJSONObject: object(for: execution),
                options: [.sortedKeys, .withoutEscapingSlashes]
            )
            return String(decoding: data, as: UTF8.self)
        } catch {
            // object(for:) holds only strings, finite numbers and booleans, which always serialise.
            preconditionFailure("serialising an execution failed: \(error)")
        }
    }

    // MARK: Fields

    private enum Kind: Sendable {
        case string(any WritableKeyPath<TaskExecution, String> & Sendable)
        case int64(any WritableKeyPath<TaskExecution, Int64> & Sendable)
        case double(any WritableKeyPath<TaskExecution, Double> & Sendable)
        case optionalDouble(any WritableKeyPath<TaskExecution, Double?> & Sendable)
        case bool(any WritableKeyPath<TaskExecution, Bool> & Sendable)
        case uint32(any WritableKeyPath<TaskExecution, UInt32> & Sendable)
    }

    private struct Field: Sendable {
        var name: String
        var kind: Kind

        init(_ name: String, _ kind: Kind) {
            self.name = name
            self.kind = kind
        }

        /// proto3 JSON's lowerCamelCase name: `task_id` is `taskId`.
        var camelCaseName: String {
            let parts = name.split(separator: "_")
            return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
        }

        func read(
            _ container: KeyedDecodingContainer<AnyKey>,
            _ key: AnyKey,
            into execution: inout TaskExecution
        ) throws(ArbiterError) {
            let name = key.stringValue
            // proto3 JSON: null is the field's default value.
            let isNull = (try? container.decodeNil(forKey: key)) ?? false
            switch kind {
            case .string(let path):
                guard !isNull else { return execution[keyPath: path] = "" }
                guard let string = try? container.decode(String.self, forKey: key) else {
                    throw ArbiterError(.invalidArgument, "expected a string", field: name)
                }
                execution[keyPath: path] = string
            case .int64(let path):
                execution[keyPath: path] = isNull ? 0 : try ExecutionJSON.int64(container, key)
            case .double(let path):
                execution[keyPath: path] = isNull ? 0 : try ExecutionJSON.double(container, key)
            case .optionalDouble(let path):
                execution[keyPath: path] = isNull ? nil : try ExecutionJSON.double(container, key)
            case .bool(let path):
                guard !isNull else { return execution[keyPath: path] = false }
                guard let bool = try? container.decode(Bool.self, forKey: key) else {
                    throw ArbiterError(.invalidArgument, "expected true or false", field: name)
                }
                execution[keyPath: path] = bool
            case .uint32(let path):
                guard !isNull else { return execution[keyPath: path] = 0 }
                guard let exact = UInt32(exactly: try ExecutionJSON.int64(container, key)) else {
                    throw ArbiterError(.invalidArgument, "out of the 32-bit unsigned integer range", field: name)
                }
                execution[keyPath: path] = exact
            }
        }

        func json(of execution: TaskExecution) -> Any? {
            switch kind {
            case .string(let path):
                return execution[keyPath: path]
            case .int64(let path):
                return execution[keyPath: path]
            case .double(let path):
                return ExecutionJSON.json(execution[keyPath: path])
            case .optionalDouble(let path):
                return execution[keyPath: path].map(ExecutionJSON.json)
            case .bool(let path):
                return execution[keyPath: path]
            case .uint32(let path):
                return execution[keyPath: path]
            }
        }
    }

    /// In proto field order.
    private static let fields: [Field] = [
        Field("execution_id", .string(\.executionID)),
        Field("task_id", .string(\.taskID)),
        Field("task_title", .string(\.taskTitle)),
        Field("priority", .string(\.priority)),
        Field("domain", .string(\.domain)),
        Field("complexity", .string(\.complexity)),
        Field("predicted_value_score", .double(\.predictedValueScore)),
        Field("predicted_input_tokens", .int64(\.predictedInputTokens)),
        Field("predicted_output_tokens", .int64(\.predictedOutputTokens)),
        Field("predicted_cost", .double(\.predictedCost)),
        Field("assigned_model", .string(\.assignedModel)),
        Field("assignment_reason", .string(\.assignmentReason)),
        Field("actual_input_tokens", .int64(\.actualInputTokens)),
        Field("actual_output_tokens", .int64(\.actualOutputTokens)),
        Field("actual_cost", .double(\.actualCost)),
        Field("execution_time_seconds", .double(\.executionTimeSeconds)),
        Field("success", .bool(\.success)),
        Field("quality_score", .double(\.qualityScore)),
        Field("tests_passed", .int64(\.testsPassed)),
        Field("tests_failed", .int64(\.testsFailed)),
        Field("bugs_introduced", .int64(\.bugsIntroduced)),
        Field("revision_needed", .bool(\.revisionNeeded)),
        Field("stakeholder_satisfaction", .optionalDouble(\.stakeholderSatisfaction)),
        Field("value_delivered", .optionalDouble(\.valueDelivered)),
        Field("timestamp_ms", .int64(\.timestampMs)),
        Field("worker_id", .string(\.workerID)),
        Field("workspace", .string(\.workspace)),
        Field("ab_test_id", .string(\.abTestID)),
        Field("ab_variant", .string(\.abVariant)),
        Field("attempt", .uint32(\.attempt)),
    ]

    /// Each field under its proto name and its lowerCamelCase JSON name.
    private static let fieldsByName: [String: Field] = {
        var byName: [String: Field] = [:]
        for field in fields {
            byName[field.name] = field
            byName[field.camelCaseName] = field
        }
        return byName
    }()

    // MARK: Decoding

    /// Any key of the object, so that unknown ones can be named.
    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        init(stringValue: String) {
            self.stringValue = stringValue
        }

        init?(intValue: Int) {
            nil
        }
    }

    private struct Decoded: Decodable {
        var execution = TaskExecution()

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            var seen: [String: String] = [:]
            // Sorted, so that with several bad keys the error does not depend on hash order.
            for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
                guard let field = ExecutionJSON.fieldsByName[key.stringValue] else {
                    throw ArbiterError(.invalidArgument, "unknown field", field: key.stringValue)
                }
                if let other = seen.updateValue(key.stringValue, forKey: field.name) {
                    throw ArbiterError(.invalidArgument, "given twice, also as \(other)", field: key.stringValue)
                }
                try field.read(container, key, into: &execution)
            }
        }
    }

    private static func int64(_ container: KeyedDecodingContainer<AnyKey>, _ key: AnyKey) throws(ArbiterError) -> Int64 {
        if let exact = try? container.decode(Int64.self, forKey: key) {
            return exact
        }
        if let string = try? container.decode(String.self, forKey: key) {
            // proto3 JSON writes 64-bit integers as strings, to survive JavaScript's doubles.
            if let exact = Int64(string) {
                return exact
            }
            guard let number = Double(string), number.isFinite else {
                throw ArbiterError(.invalidArgument, "expected an integer, got \"\(string)\"", field: key.stringValue)
            }
            return try int64(exactly: number, key)
        }
        // A fraction, an exponent or a value out of range: say which.
        guard let number = try? container.decode(Double.self, forKey: key) else {
            throw ArbiterError(.invalidArgument, "expected an integer", field: key.stringValue)
        }
        return try int64(exactly: number, key)
    }

    private static func int64(exactly number: Double, _ key: AnyKey) throws(ArbiterError) -> Int64 {
        guard number.rounded() == number else {
            throw ArbiterError(.invalidArgument, "expected an integer, got \(number)", field: key.stringValue)
        }
        guard let exact = Int64(exactly: number) else {
            throw ArbiterError(.invalidArgument, "out of the 64-bit integer range", field: key.stringValue)
        }
        return exact
    }

    private static func double(_ container: KeyedDecodingContainer<AnyKey>, _ key: AnyKey) throws(ArbiterError) -> Double {
        if let number = try? container.decode(Double.self, forKey: key) {
            return number
        }
        guard let string = try? container.decode(String.self, forKey: key) else {
            throw ArbiterError(.invalidArgument, "expected a number", field: key.stringValue)
        }
        switch string {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard let number = Double(string), number.isFinite else {
                throw ArbiterError(.invalidArgument, "expected a number, got \"\(string)\"", field: key.stringValue)
            }
            return number
        }
    }

    /// JSON has no NaN or infinity; proto3 JSON spells them as strings.
    private static func json(_ value: Double) -> Any {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "Infinity" : "-Infinity" }
        return value
    }
}
