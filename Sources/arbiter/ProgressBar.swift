import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress display on standard error, shown only on a terminal
/// so that logs and pipes get no control characters.
struct ProgressBar {
    private let enabled: Bool
    private let total: Int?
    private var lastDraw: ContinuousClock.Instant?

    private static let width = 30
    private static let interval = Duration.milliseconds(100)

    /// - Parameter total: The amount that is 100 %, or `nil` when unknown.
    init(total: Int?) {
        self.enabled = isatty(STDERR_FILENO) != 0
        self.total = total.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Redraws at most ten times a second.
    mutating func update(done: Int, lines: Int, rejected: Int) {
        guard enabled else { return }
        let now = ContinuousClock.now
        if let lastDraw, now - lastDraw < Self.interval {
            return
        }
        lastDraw = now
        var text = "\r"
        if let total {
            let fraction = min(1, Double(done) / Double(total))
            let filled = Int(fraction * Double(Self.width))
            text += "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: Self.width - filled) + "] "
            text += String(format: "%3d%% ", Int(fraction * 100))
        }
        text += "\(lines) lines"
        if rejected > 0 {
            text += ", \(rejected) rejected"
        }
        // Clear to the end of the line: the text may be shorter than before.
        Console.writeError(text + "\u{1B}[K")
    }

    /// Removes the line so the summary starts clean.
    func finish() {
        guard enabled, lastDraw != nil else { return }
        Console.writeError("\r\u{1B}[K")
    }
}
