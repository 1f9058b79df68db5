import ArbiterClient
import ArbiterCore
import ArbiterWire
import ArgumentParser
import Foundation

/// `run_learning` over a million stored executions through a real `arbiterd`, and the same
/// calibrations in NumPy on the same data (Benchmarks/learning/numpy_learning.py), as a ratio.
struct LearnBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "learn",
        abstract: "run_learning over stored executions: time, server peak memory, and the ratio to NumPy doing the same calibrations.")

    @OptionGroup var serverOptions: ServerOptions

    @Option(help: "Executions to store.")
    var executions = 1_000_000

    @Option(help: "Timed run_learning calls (dry runs); the median is reported.")
    var runs = 5

    @Option(help: "Python with NumPy for the comparison; empty skips it.")
    var python = ".venv/bin/python"

    @Flag(help: "Time the analysis in this process only: no server, no NumPy.")
    var inProcessOnly = false

    @Option(help: "The NumPy script.")
    var script = "Benchmarks/learning/numpy_learning.py"

    static let asOfMs: Int64 = 1_790_000_000_000

    func run() throws {
        print("arbiter-bench learn: \(executions) executions, \(runs) timed runs")
        let server = try serverOptions.startServer(fsync: "never", extraArguments: ["--learning-interval", "off"])
        defer { try? server.stop() }
        let connection = try ArbiterConnection(endpoint: server.endpoint, timeout: .seconds(120))
        let models = try connection.models().models
        let data = LearnBenchData(models: models, count: executions, asOfMs: Self.asOfMs)
        if inProcessOnly {
            let inProcess = timeInProcess(data, models: models)
            print(String(format: "LearningRun.analyze in process: median %.1f ms", inProcess * 1000))
            return
        }

        let loadStart = ContinuousClock.now
        var batch: [TaskExecution] = []
        batch.reserveCapacity(10_000)
        for index in 0..<executions {
            batch.append(data.execution(index))
            if batch.count == 10_000 || index == executions - 1 {
                let outcome = try connection.record(batch: batch)
                guard outcome.accepted == batch.count else { throw BenchError("batch not fully accepted: \(outcome)") }
                batch.removeAll(keepingCapacity: true)
            }
        }
        let loaded = (ContinuousClock.now - loadStart).seconds
        let rssBefore = server.residentBytes()
        print(String(format: "stored %d executions in %.1f s; server resident %.0f MiB", executions, loaded, Double(rssBefore) / 1_048_576))

        server.resetPeakResident()
        _ = try connection.runLearning(LearningRequest(asOfMs: Self.asOfMs, dryRun: true))  // warm-up
        var times: [Double] = []
        var report = try connection.runLearning(LearningRequest(asOfMs: Self.asOfMs, dryRun: true))
        for _ in 0..<runs {
            let start = ContinuousClock.now
            report = try connection.runLearning(LearningRequest(asOfMs: Self.asOfMs, dryRun: true))
            times.append((ContinuousClock.now - start).seconds)
        }
        let start = ContinuousClock.now
        let logged = try connection.runLearning(LearningRequest(asOfMs: Self.asOfMs))
        let realRun = (ContinuousClock.now - start).seconds
        times.sort()
        let median = times[times.count / 2]
        let peak = server.peakResidentBytes()
        print(String(format: "run_learning (dry run, through the server): median %.1f ms, min %.1f ms, max %.1f ms",
                     median * 1000, times[0] * 1000, times[times.count - 1] * 1000))
        print(String(format: "run_learning logging %d adjustments: %.1f ms", logged.adjustments.count, realRun * 1000))
        print(String(format: "server memory: resident %.0f MiB before the runs, peak during them %.0f MiB (+%.0f MiB)",
                     Double(rssBefore) / 1_048_576, Double(peak) / 1_048_576, Double(max(0, peak - rssBefore)) / 1_048_576))
        print("report: \(report.tokens.executions) executions in the token window, \(report.values.executions) with a value, "
            + "\(report.costs.premiumExecutions) premium, \(report.costs.opportunities.count) opportunities, \(report.adjustments.count) adjustments")

        // Every figure of the three steps, so builds can be compared bit for bit.
        print("report figures digest: \(Self.digest(report))")

        // The same analysis in this process, without the server or the wire.
        let inProcess = timeInProcess(data, models: models)
        print(String(format: "LearningRun.analyze in process: median %.1f ms", inProcess * 1000))

        guard !python.isEmpty else { return }
        let directory = NSTemporaryDirectory() + "arbiter-learn-bench-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try data.writeColumns(to: directory)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, directory, "--as-of-ms", "\(Self.asOfMs)", "--runs", "\(runs)"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(output, terminator: "")
        guard process.terminationStatus == 0,
              let line = output.split(separator: "\n").first(where: { $0.hasPrefix("numpy_median_seconds=") }),
              let numpy = Double(line.dropFirst("numpy_median_seconds=".count)) else {
            throw BenchError("the NumPy script failed (status \(process.terminationStatus))")
        }
        print(String(format: "ratio: NumPy %.1f ms / arbiterd run_learning %.1f ms = %.1fx (in process: %.1fx)",
                     numpy * 1000, median * 1000, numpy / median, numpy / inProcess))
    }

    /// FNV-1a over the exact bits of every figure the three steps report, and of each proposed
    /// adjustment's name and values (not its times, which differ from run to run).
    static func digest(_ report: LearningReport) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ value: UInt64) {
            for shift in stride(from: 0, to: 64, by: 8) { hash = (hash ^ (value >> UInt64(shift) & 0xff)) &* 0x100_0000_01b3 }
        }
        func mix(_ value: Double) { mix(value.bitPattern) }
        func mix(_ value: Int) { mix(UInt64(bitPattern: Int64(value))) }
        func mix(_ text: String) { for byte in text.utf8 { mix(UInt64(byte)) } }
        mix(report.tokens.executions)
        for group in report.tokens.groups { mix(group.label); mix(group.executions); mix(group.meanInputRatio); mix(group.meanOutputRatio) }
        for point in report.tokens.points { mix(point.complexity); mix(Int(point.actualInputTokens)); mix(Int(point.predictedOutputTokens)) }
        mix(report.values.executions)
        mix(report.values.correlation ?? .nan)
        for group in report.values.groups { mix(group.label); mix(group.executions); mix(group.meanPredicted); mix(group.meanDelivered) }
        for point in report.values.points { mix(point.predicted); mix(point.delivered) }
        mix(report.costs.premiumExecutions)
        mix(report.costs.executionsWithSaving)
        mix(report.costs.bestSaving)
        for o in report.costs.opportunities {
            mix(o.taskType); mix(o.currentModel); mix(o.suggestedModel); mix(o.executions); mix(o.totalSaving)
            mix(o.qualityDifference); mix(o.confidence); mix(o.meanActualCost); mix(o.meanSuggestedCost)
        }
        for adjustment in report.adjustments {
            mix(adjustment.parameterName); mix(adjustment.originalValue); mix(adjustment.adjustedValue); mix(adjustment.confidenceScore)
        }
        return String(hash, radix: 16)
    }

    /// Median seconds of `LearningRun.analyze` on the data in this process; prints the parts' medians.
    func timeInProcess(_ data: LearnBenchData, models: [ModelDescriptor]) -> Double {
        var state = LearningState()
        state.reserveCapacity(executions)
        for index in 0..<executions { state.apply(data.execution(index)) }
        let catalogModels = models
        var inProcess: [Double] = []
        for _ in 0..<runs {
            let begin = ContinuousClock.now
            _ = LearningRun().analyze(state, models: catalogModels, asOfMs: Self.asOfMs, dryRun: true)
            inProcess.append((ContinuousClock.now - begin).seconds)
        }
        inProcess.sort()
        let configuration = LearningConfiguration()
        let parts: [(String, () -> Void)] = [
            ("token calibration", {
                _ = TokenCalibration(
                    state.executions, window: LearningWindow(endingAtMs: Self.asOfMs, days: 30), log: AdjustmentLog(), configuration: configuration)
            }),
            ("value calibration", {
                _ = ValueCalibration(
                    state.executions, window: LearningWindow(endingAtMs: Self.asOfMs, days: 30), log: AdjustmentLog(), configuration: configuration)
            }),
            ("cost effectiveness", {
                _ = CostEffectiveness(
                    state.executions, performance: state.performance, models: catalogModels,
                    window: LearningWindow(endingAtMs: Self.asOfMs, days: 60), configuration: configuration)
            }),
            ("value-per-dollar heat map", { _ = ValuePerDollarCell.heatMap(state.performance) }),
        ]
        var partTimes: [String] = []
        for (name, part) in parts {
            var times: [Double] = []
            for _ in 0..<runs {
                let begin = ContinuousClock.now
                part()
                times.append((ContinuousClock.now - begin).seconds)
            }
            times.sort()
            partTimes.append(String(format: "%@ %.1f ms", name, times[times.count / 2] * 1000))
        }
        print("  of which: " + partTimes.joined(separator: ", "))
        return inProcess[inProcess.count / 2]
    }

}

/// A deterministic data set with structure for every step: complexities and domains whose
/// tokens are off by different ratios, values that correlate loosely with predictions,
/// premium models that cheaper ones could often replace.
struct LearnBenchData {
    static let priorities = ["P0", "P1", "P2", "P3"]
    static let domains = ["infrastructure", "frontend", "backend", "data", "security", "docs", "testing", "ml"]
    static let complexities = ["simple", "medium", "complex", "very_complex"]
    static let inputRatios = [0.8, 1.05, 1.3, 1.6]

    let models: [ModelDescriptor]
    let count: Int
    let asOfMs: Int64

    init(models: [ModelDescriptor], count: Int, asOfMs: Int64) {
        self.models = models.filter(\.enabled)
        self.count = count
        self.asOfMs = asOfMs
    }

    /// Execution `index`, the same on every call.
    func execution(_ index: Int) -> TaskExecution {
        // Seeded by the index, so every execution is a pure function of it.
        var r = SeededRandom(seed: UInt64(index))
        let priority = Int(r.next() % 4)
        let domain = Int(r.next() % 8)
        let complexity = Int(r.next() % 4)
        let model = models[Int(r.next() % UInt64(models.count))]
        let predictedInput = Int64(1000 + r.next() % 9000)
        let predictedOutput = Int64(500 + r.next() % 4000)
        let ratio = Self.inputRatios[complexity] * (0.9 + Double(domain) * 0.03) * (0.8 + r.nextUnit() * 0.4)
        let actualInput = Int64(Double(predictedInput) * ratio)
        let actualOutput = Int64(Double(predictedOutput) * (0.7 + r.nextUnit() * 0.6))
        let predictedValue = Double([100, 75, 50, 25][priority]) * (0.5 + r.nextUnit() * 0.5)
        let delivered = max(0, predictedValue * (domain % 3 == 0 ? 1.4 : 0.95) + (r.nextUnit() - 0.5) * 60)
        let tierQuality: Double = switch model.tier {
        case .premium: 8.5
        case .mid: 7.6
        case .cheap: 6.8
        }
        return TaskExecution(
            executionID: "bench-\(index)",
            taskID: "T-\(index)",
            taskTitle: "Task \(index % 1000)",
            priority: Self.priorities[priority],
            domain: Self.domains[domain],
            complexity: Self.complexities[complexity],
            predictedValueScore: predictedValue,
            predictedInputTokens: predictedInput,
            predictedOutputTokens: predictedOutput,
            predictedCost: 0.05,
            assignedModel: model.name,
            assignmentReason: "learned_best",
            actualInputTokens: actualInput,
            actualOutputTokens: actualOutput,
            actualCost: model.apiCost(inputTokens: actualInput, outputTokens: actualOutput) * (1 + r.nextUnit() * 20),
            executionTimeSeconds: Double(r.next() % 600),
            success: r.next() % 10 < 8,
            qualityScore: min(10, max(0, tierQuality + (r.nextUnit() - 0.5) * 3)),
            valueDelivered: r.next() % 10 < 7 ? delivered : nil,
            timestampMs: asOfMs - Int64(r.next() % (90 * 86_400_000)),
            workerID: "worker-\(index % 16)",
            workspace: "/srv/fleet")
    }

    /// Little-endian column files and a JSON file of labels and models, for the NumPy script.
    func writeColumns(to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var ints: [String: [Int64]] = [:]
        var doubles: [String: [Double]] = [:]
        let modelNames = models.map(\.name)
        for index in 0..<count {
            let e = execution(index)
            ints["timestamp_ms", default: []].append(e.timestampMs)
            ints["predicted_input_tokens", default: []].append(e.predictedInputTokens)
            ints["predicted_output_tokens", default: []].append(e.predictedOutputTokens)
            ints["actual_input_tokens", default: []].append(e.actualInputTokens)
            ints["actual_output_tokens", default: []].append(e.actualOutputTokens)
            ints["priority", default: []].append(Int64(Self.priorities.firstIndex(of: e.priority) ?? 0))
            ints["domain", default: []].append(Int64(Self.domains.firstIndex(of: e.domain) ?? 0))
            ints["complexity", default: []].append(Int64(Self.complexities.firstIndex(of: e.complexity) ?? 0))
            ints["assigned_model", default: []].append(Int64(modelNames.firstIndex(of: e.assignedModel) ?? 0))
            doubles["predicted_value_score", default: []].append(e.predictedValueScore)
            doubles["actual_cost", default: []].append(e.actualCost)
            doubles["quality_score", default: []].append(e.qualityScore)
            doubles["value_delivered", default: []].append(e.valueDelivered ?? .nan)
        }
        for (name, column) in ints {
            try column.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: "\(directory)/\(name).i64")) }
        }
        for (name, column) in doubles {
            try column.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: "\(directory)/\(name).f64")) }
        }
        let meta: [String: Any] = [
            "priority_labels": Self.priorities, "domain_labels": Self.domains, "complexity_labels": Self.complexities,
            "assigned_model_labels": modelNames,
            "models": models.map {
                [
                    "name": $0.name, "tier": $0.tier.rawValue, "input_price_per_million": $0.inputPricePerMillion,
                    "output_price_per_million": $0.outputPricePerMillion, "enabled": $0.enabled,
                ] as [String: Any]
            },
        ]
        try JSONSerialization.data(withJSONObject: meta).write(to: URL(fileURLWithPath: "\(directory)/meta.json"))
    }
}
