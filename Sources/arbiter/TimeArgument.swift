import Foundation

/// A point in time given on the command line: Unix milliseconds, or an ISO 8601 date or date-time (UTC unless it says otherwise).
enum TimeArgument {
    static func milliseconds(_ text: String) -> Int64? {
        if let ms = Int64(text) { return ms }
        let withTime = ISO8601DateFormatter()
        if let date = withTime.date(from: text) { return Int64(date.timeIntervalSince1970 * 1000) }
        let dayOnly = ISO8601DateFormatter()
        dayOnly.formatOptions = [.withFullDate]
        if let date = dayOnly.date(from: text) { return Int64(date.timeIntervalSince1970 * 1000) }
        return nil
    }
}
