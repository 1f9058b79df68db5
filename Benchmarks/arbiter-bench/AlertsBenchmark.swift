import ArbiterCore
import ArgumentParser
import Foundation

/// What watching for alerts adds to recording, in one process: the monitor's per-execution
/// bookkeeping beside applying the execution to the learned state, and the cost of judging the
/// degradation and cost-efficiency rules.
struct AlertsBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Per-execution cost of the alert monitor next to recording, and the cost of judging the rules, in process.")

    @Option(help: "Executions, spread over the 37 days the rules look at.")
    var executions = 300_000

    @Option(help: "Task types.")
    var taskTypes = 1_000

    @Option(help: "Models.")
    var models = 12

    func run() throws {
        let nowMs = Int64(Date().timeIntervalSince1970 * 1000)
        let span = 37 * OutcomeCalendar.dayMs
        let batch = (0..<executions).map { index -> TaskExecution in
            var execution = RankBenchmark.execution(index: index, taskTypes: taskTypes, models: models, prefix: "alerts")
            execution.timestampMs = nowMs - span + Int64(index) * span / Int64(executions)
            execution.valueDelivered = 40
            execution.actualCost = 0.2
            return execution
        }
        print("arbiter-bench alerts: \(executions) executions, \(taskTypes) task types, \(models) models")

        var state = LearningState()
        let applyStart = ContinuousClock.now
        for execution in batch { state.apply(execution) }
        let apply = (ContinuousClock.now - applyStart).seconds / Double(executions)

        var monitor = AlertMonitor()
        let observeStart = ContinuousClock.now
        for execution in batch { monitor.observe(execution, nowMs: nowMs) }
        let observe = (ContinuousClock.now - observeStart).seconds / Double(executions)
        print(String(format: "record (LearningState.apply)   %8.3f µs per execution", apply * 1e6))
        print(String(format: "alert monitor (observe)        %8.3f µs per execution (%.1f%% of recording)", observe * 1e6, observe / apply * 100))

        let targets = ValuePerDollarTargets()
        // A full pass as the recorder runs it: the pass is taken on the actor, judged off it, and
        // the actor's next execution then copies the calendar the pass still shares.
        let takeStart = ContinuousClock.now
        let pass = monitor.takePass(nowMs: nowMs, everything: true)
        let take = ContinuousClock.now - takeStart
        let allStart = ContinuousClock.now
        let found = pass.findings(targets: targets)
        let all = ContinuousClock.now - allStart
        let copyStart = ContinuousClock.now
        monitor.observe(batch[batch.count - 1], nowMs: nowMs)
        let copy = ContinuousClock.now - copyStart
        withExtendedLifetime(pass) {}
        print(String(format: "judge every series            %8.3f ms (%d series, %d findings), off the recorder",
                     all.seconds * 1e3, monitor.calendar.seriesCount, found.count))
        print(String(format: "  recorder's share              %8.3f ms (take the pass, pruning a day %.3f ms; next execution's calendar copy %.3f ms)",
                     (take + copy).seconds * 1e3, take.seconds * 1e3, copy.seconds * 1e3))
        _ = monitor.executionFindings(nowMs: nowMs, targets: targets)  // what that execution changed
        // A later full pass the same day (after a learning run, say) has nothing to prune.
        let againStart = ContinuousClock.now
        let again = monitor.takePass(nowMs: nowMs, everything: true)
        monitor.observe(batch[batch.count - 1], nowMs: nowMs)
        let sameDay = ContinuousClock.now - againStart
        withExtendedLifetime(again) {}
        print(String(format: "  the same day, the next pass   %8.3f ms", sameDay.seconds * 1e3))
        _ = monitor.executionFindings(nowMs: nowMs, targets: targets)

        // One evaluation interval's worth of new executions: 1,000 spread over the series.
        for execution in batch.suffix(1000) { monitor.observe(execution, nowMs: nowMs) }
        let changedStart = ContinuousClock.now
        _ = monitor.executionFindings(nowMs: nowMs, targets: targets)
        let changed = ContinuousClock.now - changedStart
        print(String(format: "judge after 1,000 executions  %8.3f ms", changed.seconds * 1e3))
    }
}
