import ArbiterCore
import ArbiterWire
import Logging

/// Runs the learning batch every `interval` inside the server, until its task is cancelled
/// (graceful shutdown cancels it between runs; a run in progress finishes first).
///
/// The first run comes one interval after start-up, so restarting the server does not run the
/// batch again at once.
struct LearningScheduler: Sendable {
    let interval: Duration
    let recorder: Recorder
    let logger: Logger

    func run() async {
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            do {
                let report = try await recorder.runLearning(LearningRequest())
                logger.notice("scheduled learning run", metadata: [
                    "adjustments": "\(report.adjustments.count)",
                    "applied": "\(report.adjustments.filter { $0.status == .applied }.count)",
                ])
            } catch {
                logger.error("scheduled learning run failed", metadata: ["error": "\(error)"])
            }
        }
    }
}
