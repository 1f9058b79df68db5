import ArbiterCore
import Foundation

/// Number, date and escaping helpers shared by the Markdown and HTML reports.
enum ReportText {
    static func number(_ x: Double, places: Int = 2) -> String { FixedPoint.format(x, places: places) }

    static func dollars(_ x: Double) -> String { "$" + FixedPoint.format(x, places: 2) }

    static func percent(_ x: Double) -> String { FixedPoint.format(x * 100, places: 0) + "%" }

    /// ISO 8601 in UTC, to the second.
    static func date(_ milliseconds: Int64) -> String {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000).formatted(.iso8601)
    }

    static func day(_ milliseconds: Int64) -> String {
        String(date(milliseconds).prefix(10))
    }

    /// Text safe in HTML element content and attribute values.
    static func html(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Text safe in a Markdown table cell.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// UTF-8 byte order, as labels are sorted everywhere else.
    static func precedes(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }

    static func ratio(_ group: ValueCalibration.Group) -> String {
        group.ratio.map { number($0, places: 3) } ?? "undefined (mean predicted 0)"
    }
}
