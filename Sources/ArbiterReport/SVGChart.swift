import ArbiterCore

/// Inline SVG charts for the HTML report: no script, no external asset.
///
/// Every chart is an `<svg class="chart" data-chart="…">` with its marks as `circle`, `rect`
/// or `line` elements; an empty data set gives a chart with a "no data" label and no marks.
enum SVGChart {
    static let width = 640.0
    static let height = 360.0
    static let margin = (left: 64.0, right: 16.0, top: 28.0, bottom: 48.0)

    /// A linear axis mapping `domain` onto `range`.
    struct Scale {
        var domain: (Double, Double)
        var range: (Double, Double)

        func callAsFunction(_ x: Double) -> Double {
            let span = domain.1 - domain.0
            guard span > 0 else { return (range.0 + range.1) / 2 }
            return range.0 + (x - domain.0) / span * (range.1 - range.0)
        }

        /// A domain from 0 (or the minimum, when negative) to a little past the maximum.
        static func fitting(_ values: [Double], range: (Double, Double)) -> Scale {
            let finite = values.filter(\.isFinite)
            let low = min(0, finite.min() ?? 0)
            let high = max(finite.max() ?? 1, low + 1e-9)
            return Scale(domain: (low, high + (high - low) * 0.05), range: range)
        }
    }

    static func open(_ name: String, title: String, width: Double = width, height: Double = height) -> String {
        "<svg class=\"chart\" data-chart=\"\(name)\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"\(ReportText.html(title))\">"
            + "<title>\(ReportText.html(title))</title>"
            + "<text x=\"\(Int(width / 2))\" y=\"18\" text-anchor=\"middle\" class=\"title\">\(ReportText.html(title))</text>"
    }

    static func empty(_ name: String, title: String) -> String {
        open(name, title: title) + "<text x=\"\(Int(width / 2))\" y=\"\(Int(height / 2))\" text-anchor=\"middle\" class=\"empty\">no data</text></svg>"
    }

    static func f(_ x: Double) -> String { FixedPoint.format(x, places: 1) }

    /// Axes with five ticks each, labelled.
    static func axes(x: Scale, y: Scale, xLabel: String, yLabel: String) -> String {
        var s = "<g class=\"axes\">"
        s += "<line x1=\"\(f(x.range.0))\" y1=\"\(f(y.range.0))\" x2=\"\(f(x.range.1))\" y2=\"\(f(y.range.0))\" stroke=\"#444\"/>"
        s += "<line x1=\"\(f(x.range.0))\" y1=\"\(f(y.range.0))\" x2=\"\(f(x.range.0))\" y2=\"\(f(y.range.1))\" stroke=\"#444\"/>"
        for step in 0...4 {
            let xv = x.domain.0 + (x.domain.1 - x.domain.0) * Double(step) / 4
            let yv = y.domain.0 + (y.domain.1 - y.domain.0) * Double(step) / 4
            s += "<text x=\"\(f(x(xv)))\" y=\"\(f(y.range.0 + 16))\" text-anchor=\"middle\">\(tick(xv))</text>"
            s += "<text x=\"\(f(x.range.0 - 6))\" y=\"\(f(y(yv) + 4))\" text-anchor=\"end\">\(tick(yv))</text>"
        }
        s += "<text x=\"\(f((x.range.0 + x.range.1) / 2))\" y=\"\(f(y.range.0 + 36))\" text-anchor=\"middle\">\(ReportText.html(xLabel))</text>"
        s += "<text transform=\"translate(14 \(f((y.range.0 + y.range.1) / 2))) rotate(-90)\" text-anchor=\"middle\">\(ReportText.html(yLabel))</text>"
        return s + "</g>"
    }

    static func tick(_ x: Double) -> String {
        let magnitude = x.magnitude
        if magnitude >= 1_000_000 { return FixedPoint.format(x / 1_000_000, places: 1) + "M" }
        if magnitude >= 10_000 { return FixedPoint.format(x / 1000, places: 0) + "k" }
        if magnitude >= 100 { return FixedPoint.format(x, places: 0) }
        return FixedPoint.format(x, places: magnitude >= 10 ? 1 : 2)
    }

    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// White to dark blue for 0...1.
    static func heat(_ t: Double) -> String {
        let t = min(max(t.isFinite ? t : 0, 0), 1)
        let r = Int(247 - t * (247 - 8))
        let g = Int(251 - t * (251 - 48))
        let b = Int(255 - t * (255 - 107))
        return "rgb(\(r),\(g),\(b))"
    }
}
