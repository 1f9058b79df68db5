import ArbiterCore
import CArbiterProto

/// `PerformanceQuery`, `PerformanceRow` and `RunningEstimates` ⇔ their `arbiter.v1` messages.
extension WireCodec {
    static func makeQuery(
        _ query: PerformanceQuery,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__GetPerformanceRequest> {
        let message = arena.make(arbiter__v1__get_performance_request__init)
        arena.set(&message.pointee.model, to: query.model)
        arena.set(&message.pointee.priority, to: query.priority)
        arena.set(&message.pointee.domain, to: query.domain)
        arena.set(&message.pointee.complexity, to: query.complexity)
        if !query.groupBy.isEmpty {
            let array = arena.storage(for: Arbiter__V1__Dimension.self, count: query.groupBy.count)
            var count = 0
            // `allCases` is in raw-value order, which makes the encoding deterministic.
            for dimension in Dimension.allCases where query.groupBy.contains(dimension) {
                (array + count).initialize(to: Arbiter__V1__Dimension(rawValue: numericCast(dimension.rawValue)))
                count += 1
            }
            message.pointee.n_group_by = count
            message.pointee.group_by = array
        }
        message.pointee.retries = cBool(query.retries)
        return message
    }

    /// Field paths in thrown errors are relative to the request (`group_by`).
    static func query(from message: UnsafeMutablePointer<Arbiter__V1__GetPerformanceRequest>?) throws(ArbiterError) -> PerformanceQuery {
        guard let message else { return PerformanceQuery() }
        let m = message.pointee
        var groupBy: Set<Dimension> = []
        if m.n_group_by > 0, let array = m.group_by {
            for index in 0..<m.n_group_by {
                // protobuf-c stores proto3 open-enum values unchecked, so 0 and unknown numbers arrive here.
                let raw = Int(truncatingIfNeeded: array[index].rawValue)
                guard let dimension = Dimension(rawValue: raw) else {
                    let message = raw == 0
                        ? "DIMENSION_UNSPECIFIED is not a dimension to group by"
                        : "unknown dimension \(raw); expected MODEL (1), PRIORITY (2), DOMAIN (3) or COMPLEXITY (4)"
                    throw ArbiterError(.invalidArgument, message, field: "group_by")
                }
                groupBy.insert(dimension)
            }
        }
        return PerformanceQuery(
            model: try string(m.model, field: "model"),
            priority: try string(m.priority, field: "priority"),
            domain: try string(m.domain, field: "domain"),
            complexity: try string(m.complexity, field: "complexity"),
            groupBy: groupBy,
            retries: bool(m.retries)
        )
    }

    static func makeRows(
        _ rows: [PerformanceRow],
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__GetPerformanceResponse> {
        let message = arena.make(arbiter__v1__get_performance_response__init)
        guard !rows.isEmpty else { return message }
        let array = arena.storage(for: UnsafeMutablePointer<Arbiter__V1__PerformanceRow>?.self, count: rows.count)
        for (index, row) in rows.enumerated() {
            (array + index).initialize(to: makeRow(row, in: arena))
        }
        message.pointee.n_rows = rows.count
        message.pointee.rows = array
        return message
    }

    private static func makeRow(
        _ row: PerformanceRow,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__PerformanceRow> {
        let message = arena.make(arbiter__v1__performance_row__init)
        arena.set(&message.pointee.model, to: row.model)
        arena.set(&message.pointee.priority, to: row.priority)
        arena.set(&message.pointee.domain, to: row.domain)
        arena.set(&message.pointee.complexity, to: row.complexity)
        message.pointee.total_tasks = UInt64(clamping: row.totalTasks)
        message.pointee.success_rate = row.successRate
        message.pointee.avg_quality_score = row.avgQualityScore
        message.pointee.quality_stddev = row.qualityStddev
        message.pointee.avg_execution_time = row.avgExecutionTime
        message.pointee.input_token_accuracy = row.inputTokenAccuracy
        message.pointee.output_token_accuracy = row.outputTokenAccuracy
        message.pointee.value_per_dollar = row.valuePerDollar
        message.pointee.last_updated_ms = row.lastUpdatedMs
        message.pointee.input_token_samples = UInt64(clamping: row.inputTokenSamples)
        message.pointee.output_token_samples = UInt64(clamping: row.outputTokenSamples)
        message.pointee.value_per_dollar_samples = UInt64(clamping: row.valuePerDollarSamples)
        if let running = row.running {
            message.pointee.running = makeRunning(running, in: arena)
        }
        return message
    }

    private static func makeRunning(
        _ running: RunningEstimates,
        in arena: ProtobufArena
    ) -> UnsafeMutablePointer<Arbiter__V1__RunningEstimates> {
        let message = arena.make(arbiter__v1__running_estimates__init)
        message.pointee.success_rate = running.successRate
        message.pointee.avg_quality_score = running.avgQualityScore
        message.pointee.avg_execution_time = running.avgExecutionTime
        message.pointee.avg_token_efficiency = running.avgTokenEfficiency
        message.pointee.avg_cost_efficiency = running.avgCostEfficiency
        message.pointee.total_tasks = UInt64(clamping: running.totalTasks)
        message.pointee.last_updated_ms = running.lastUpdatedMs
        message.pointee.confidence = running.confidence
        return message
    }

    /// Field paths in thrown errors are relative to the response (`rows[2].model`).
    static func rows(from message: UnsafeMutablePointer<Arbiter__V1__GetPerformanceResponse>?) throws(ArbiterError) -> [PerformanceRow] {
        guard let message, message.pointee.n_rows > 0, let array = message.pointee.rows else { return [] }
        let count = message.pointee.n_rows
        var rows: [PerformanceRow] = []
        rows.reserveCapacity(count)
        for index in 0..<count {
            guard let row = array[index] else { continue }
            do throws(ArbiterError) {
                rows.append(try self.row(from: row))
            } catch {
                throw error.nested(under: "rows[\(index)]")
            }
        }
        return rows
    }

    private static func row(from message: UnsafeMutablePointer<Arbiter__V1__PerformanceRow>) throws(ArbiterError) -> PerformanceRow {
        let m = message.pointee
        var row = PerformanceRow()
        row.model = try string(m.model, field: "model")
        row.priority = try string(m.priority, field: "priority")
        row.domain = try string(m.domain, field: "domain")
        row.complexity = try string(m.complexity, field: "complexity")
        row.totalTasks = int(m.total_tasks)
        row.successRate = m.success_rate
        row.avgQualityScore = m.avg_quality_score
        row.qualityStddev = m.quality_stddev
        row.avgExecutionTime = m.avg_execution_time
        row.inputTokenAccuracy = m.input_token_accuracy
        row.outputTokenAccuracy = m.output_token_accuracy
        row.valuePerDollar = m.value_per_dollar
        row.lastUpdatedMs = m.last_updated_ms
        row.inputTokenSamples = int(m.input_token_samples)
        row.outputTokenSamples = int(m.output_token_samples)
        row.valuePerDollarSamples = int(m.value_per_dollar_samples)
        if let running = m.running {
            row.running = self.running(from: running)
        }
        return row
    }

    private static func running(from message: UnsafeMutablePointer<Arbiter__V1__RunningEstimates>) -> RunningEstimates {
        let m = message.pointee
        var running = RunningEstimates()
        running.successRate = m.success_rate
        running.avgQualityScore = m.avg_quality_score
        running.avgExecutionTime = m.avg_execution_time
        running.avgTokenEfficiency = m.avg_token_efficiency
        running.avgCostEfficiency = m.avg_cost_efficiency
        running.totalTasks = int(m.total_tasks)
        running.lastUpdatedMs = m.last_updated_ms
        running.confidence = m.confidence
        return running
    }
}
