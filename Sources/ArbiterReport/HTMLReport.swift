public import ArbiterCore

/// The learning report as one self-contained HTML page: inline CSS and SVG charts, no script
/// and no external asset, so it opens anywhere and can be attached as a single file.
public struct HTMLReport: Sendable {
    public let report: LearningReport

    public init(_ report: LearningReport) {
        self.report = report
    }

    public func render() -> String {
        let r = report
        var body = "<h1>Arbiter learning report</h1>"
        body += "<p>As of \(ReportText.date(r.asOfMs))\(r.dryRun ? " (dry run: nothing was logged)" : ""). \(r.executionsStored) executions stored; "
            + "adjustments with a confidence of at least \(ReportText.number(r.graduationThreshold)) are applied as they are logged.</p>"
        body += "<h2>Value per dollar by model and task type</h2>" + heatMap()
        body += "<h2>Token estimation</h2>" + tokenScatter()
        body += "<h2>Value scoring</h2>" + valueScatter()
        body += "<h2>Savings found</h2>" + savings()
        body += "<h2>Adjustment history</h2>" + history()
        body += "<h2>Full report</h2><pre>\(ReportText.html(MarkdownReport(r).render()))</pre>"
        for section in r.sections {
            body += "<h2>\(ReportText.html(section.title))</h2>" + section.lines.map { "<p>\(ReportText.html($0))</p>" }.joined()
        }
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Arbiter learning report</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}
            svg.chart{display:block;margin:1em 0;background:#fff;border:1px solid #ddd}
            svg.chart text{font-size:11px;fill:#333} svg.chart text.title{font-size:13px;font-weight:600}
            pre{background:#f6f8fa;padding:1em;overflow-x:auto;font-size:12px}
            </style></head><body>
            \(body)
            </body></html>

            """
    }

    // MARK: - Charts

    private func heatMap() -> String {
        let cells = report.valuePerDollar
        let title = "Value per dollar (mean value delivered / actual cost)"
        guard !cells.isEmpty else { return SVGChart.empty("value-per-dollar", title: title) }
        let models = Array(Set(cells.map(\.model))).sorted { ReportText.precedes($0, $1) }
        let taskTypes = Array(Set(cells.map(\.taskType))).sorted { ReportText.precedes($0, $1) }
        let left = 150.0, top = 40.0, cellWidth = 110.0, cellHeight = 22.0
        let width = max(SVGChart.width, left + cellWidth * Double(models.count) + 16)
        let height = top + cellHeight * Double(taskTypes.count) + 60
        let highest = max(cells.map(\.valuePerDollar).filter(\.isFinite).max() ?? 1, 1e-9)
        var s = SVGChart.open("value-per-dollar", title: title, width: width, height: height)
        for (column, model) in models.enumerated() {
            s += "<text x=\"\(SVGChart.f(left + cellWidth * (Double(column) + 0.5)))\" y=\"\(SVGChart.f(top - 6))\" text-anchor=\"middle\">\(ReportText.html(model))</text>"
        }
        let byKey = Dictionary(cells.map { ("\($0.model)\u{0}\($0.taskType)", $0) }, uniquingKeysWith: { first, _ in first })
        for (row, taskType) in taskTypes.enumerated() {
            let y = top + cellHeight * Double(row)
            s += "<text x=\"\(SVGChart.f(left - 6))\" y=\"\(SVGChart.f(y + cellHeight * 0.65))\" text-anchor=\"end\">\(ReportText.html(taskType))</text>"
            for (column, model) in models.enumerated() {
                guard let cell = byKey["\(model)\u{0}\(taskType)"] else { continue }
                let t = cell.valuePerDollar / highest
                let x = left + cellWidth * Double(column)
                s += "<rect class=\"cell\" x=\"\(SVGChart.f(x))\" y=\"\(SVGChart.f(y))\" width=\"\(SVGChart.f(cellWidth - 2))\" height=\"\(SVGChart.f(cellHeight - 2))\" "
                    + "fill=\"\(SVGChart.heat(t))\"><title>\(ReportText.html(model)) on \(ReportText.html(taskType)): "
                    + "\(ReportText.number(cell.valuePerDollar)) per dollar over \(cell.samples) executions</title></rect>"
                s += "<text x=\"\(SVGChart.f(x + cellWidth / 2))\" y=\"\(SVGChart.f(y + cellHeight * 0.65))\" text-anchor=\"middle\" "
                    + "style=\"fill:\(t > 0.55 ? "#fff" : "#222")\">\(SVGChart.tick(cell.valuePerDollar))</text>"
            }
        }
        return s + "</svg>"
    }

    private func tokenScatter() -> String {
        let points = report.tokens.points
        let title = "Predicted vs actual input tokens, by complexity"
        guard !points.isEmpty else { return SVGChart.empty("token-scatter", title: title) }
        let complexities = Array(Set(points.map(\.complexity))).sorted { ReportText.precedes($0, $1) }
        let all = points.flatMap { [Double($0.predictedInputTokens), Double($0.actualInputTokens)] }
        let x = SVGChart.Scale.fitting(all, range: (SVGChart.margin.left, SVGChart.width - SVGChart.margin.right - 120))
        let y = SVGChart.Scale.fitting(all, range: (SVGChart.height - SVGChart.margin.bottom, SVGChart.margin.top))
        var s = SVGChart.open("token-scatter", title: title)
        s += SVGChart.axes(x: x, y: y, xLabel: "predicted input tokens", yLabel: "actual input tokens")
        let diagonal = x.domain.1
        s += "<line class=\"identity\" x1=\"\(SVGChart.f(x(0)))\" y1=\"\(SVGChart.f(y(0)))\" x2=\"\(SVGChart.f(x(diagonal)))\" y2=\"\(SVGChart.f(y(diagonal)))\" "
            + "stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
        for (index, complexity) in complexities.enumerated() {
            let color = SVGChart.palette[index % SVGChart.palette.count]
            let legendY = SVGChart.margin.top + 16 * Double(index)
            s += "<circle cx=\"\(SVGChart.f(SVGChart.width - 110))\" cy=\"\(SVGChart.f(legendY))\" r=\"4\" fill=\"\(color)\"/>"
            s += "<text x=\"\(SVGChart.f(SVGChart.width - 100))\" y=\"\(SVGChart.f(legendY + 4))\">\(ReportText.html(complexity))</text>"
            for point in points where point.complexity == complexity {
                s += "<circle class=\"point\" cx=\"\(SVGChart.f(x(Double(point.predictedInputTokens))))\" cy=\"\(SVGChart.f(y(Double(point.actualInputTokens))))\" "
                    + "r=\"2.5\" fill=\"\(color)\" fill-opacity=\"0.6\"/>"
            }
        }
        return s + "</svg>"
    }

    private func valueScatter() -> String {
        let v = report.values
        let r = v.correlation.map { "r = " + ReportText.number($0, places: 3) } ?? (v.enoughData ? "r undefined" : "not enough data")
        let title = "Predicted value score vs value delivered (\(r), \(v.executions) executions)"
        guard !v.points.isEmpty else { return SVGChart.empty("value-scatter", title: title) }
        let all = v.points.flatMap { [$0.predicted, $0.delivered] }
        let x = SVGChart.Scale.fitting(all, range: (SVGChart.margin.left, SVGChart.width - SVGChart.margin.right))
        let y = SVGChart.Scale.fitting(all, range: (SVGChart.height - SVGChart.margin.bottom, SVGChart.margin.top))
        var s = SVGChart.open("value-scatter", title: title)
        s += SVGChart.axes(x: x, y: y, xLabel: "predicted value score", yLabel: "value delivered")
        s += "<line class=\"identity\" x1=\"\(SVGChart.f(x(0)))\" y1=\"\(SVGChart.f(y(0)))\" x2=\"\(SVGChart.f(x(x.domain.1)))\" y2=\"\(SVGChart.f(y(x.domain.1)))\" "
            + "stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
        for point in v.points {
            s += "<circle class=\"point\" cx=\"\(SVGChart.f(x(point.predicted)))\" cy=\"\(SVGChart.f(y(point.delivered)))\" r=\"2.5\" fill=\"#1f77b4\" fill-opacity=\"0.5\"/>"
        }
        return s + "</svg>"
    }

    private func savings() -> String {
        let c = report.costs
        let top = Array(c.opportunities.prefix(12))
        let title = "Savings found: \(ReportText.dollars(c.bestSaving)) over \(c.executionsWithSaving) of \(c.premiumExecutions) premium executions"
        guard !top.isEmpty else { return SVGChart.empty("savings", title: title) }
        let left = 300.0, barHeight = 22.0, topMargin = 36.0
        let height = topMargin + barHeight * Double(top.count) + 20
        let highest = max(top.map(\.totalSaving).max() ?? 1, 1e-9)
        let scale = SVGChart.Scale(domain: (0, highest), range: (left, SVGChart.width - 90))
        var s = SVGChart.open("savings", title: title, height: height)
        for (index, o) in top.enumerated() {
            let y = topMargin + barHeight * Double(index)
            s += "<text x=\"\(SVGChart.f(left - 6))\" y=\"\(SVGChart.f(y + barHeight * 0.65))\" text-anchor=\"end\">"
                + "\(ReportText.html("\(o.taskType): \(o.currentModel) → \(o.suggestedModel)"))</text>"
            s += "<rect class=\"bar\" x=\"\(SVGChart.f(left))\" y=\"\(SVGChart.f(y))\" width=\"\(SVGChart.f(max(scale(o.totalSaving) - left, 1)))\" "
                + "height=\"\(SVGChart.f(barHeight - 4))\" fill=\"#2ca02c\"><title>\(o.executions) executions, confidence \(ReportText.number(o.confidence))</title></rect>"
            s += "<text x=\"\(SVGChart.f(scale(o.totalSaving) + 4))\" y=\"\(SVGChart.f(y + barHeight * 0.65))\">\(ReportText.dollars(o.totalSaving))</text>"
        }
        return s + "</svg>"
    }

    private func history() -> String {
        let history = report.history
        let title = "Adjustments over time: confidence by creation date (line: graduation threshold)"
        guard !history.isEmpty else { return SVGChart.empty("adjustment-history", title: title) }
        let times = history.map { Double($0.createdAtMs) }
        let first = times.min() ?? 0, last = times.max() ?? 1
        let x = SVGChart.Scale(domain: (first, max(last, first + 1)), range: (SVGChart.margin.left + 10, SVGChart.width - SVGChart.margin.right - 110))
        let y = SVGChart.Scale(domain: (0, 1), range: (SVGChart.height - SVGChart.margin.bottom, SVGChart.margin.top))
        var s = SVGChart.open("adjustment-history", title: title)
        s += "<g class=\"axes\"><line x1=\"\(SVGChart.f(x.range.0))\" y1=\"\(SVGChart.f(y.range.0))\" x2=\"\(SVGChart.f(x.range.1))\" y2=\"\(SVGChart.f(y.range.0))\" stroke=\"#444\"/>"
            + "<line x1=\"\(SVGChart.f(x.range.0))\" y1=\"\(SVGChart.f(y.range.0))\" x2=\"\(SVGChart.f(x.range.0))\" y2=\"\(SVGChart.f(y.range.1))\" stroke=\"#444\"/>"
            + "<text x=\"\(SVGChart.f(x.range.0))\" y=\"\(SVGChart.f(y.range.0 + 16))\">\(ReportText.day(Int64(first)))</text>"
            + "<text x=\"\(SVGChart.f(x.range.1))\" y=\"\(SVGChart.f(y.range.0 + 16))\" text-anchor=\"end\">\(ReportText.day(Int64(last)))</text>"
            + "<text x=\"\(SVGChart.f(x.range.0 - 6))\" y=\"\(SVGChart.f(y(0) + 4))\" text-anchor=\"end\">0</text>"
            + "<text x=\"\(SVGChart.f(x.range.0 - 6))\" y=\"\(SVGChart.f(y(1) + 4))\" text-anchor=\"end\">1</text></g>"
        s += "<line class=\"threshold\" x1=\"\(SVGChart.f(x.range.0))\" y1=\"\(SVGChart.f(y(report.graduationThreshold)))\" x2=\"\(SVGChart.f(x.range.1))\" "
            + "y2=\"\(SVGChart.f(y(report.graduationThreshold)))\" stroke=\"#d62728\" stroke-dasharray=\"4 3\"/>"
        let colors: [Adjustment.Status: String] = [.applied: "#2ca02c", .proposed: "#ff7f0e", .rejected: "#7f7f7f"]
        for (index, status) in Adjustment.Status.allCases.enumerated() {
            let legendY = SVGChart.margin.top + 16 * Double(index)
            s += "<circle cx=\"\(SVGChart.f(SVGChart.width - 100))\" cy=\"\(SVGChart.f(legendY))\" r=\"4\" fill=\"\(colors[status] ?? "#000")\"/>"
            s += "<text x=\"\(SVGChart.f(SVGChart.width - 90))\" y=\"\(SVGChart.f(legendY + 4))\">\(status.rawValue)</text>"
        }
        for adjustment in history {
            s += "<circle class=\"point\" cx=\"\(SVGChart.f(x(Double(adjustment.createdAtMs))))\" cy=\"\(SVGChart.f(y(min(max(adjustment.confidenceScore, 0), 1))))\" "
                + "r=\"4\" fill=\"\(colors[adjustment.status] ?? "#000")\" fill-opacity=\"0.75\"><title>\(ReportText.html(adjustment.parameterName)) "
                + "(\(adjustment.status.rawValue)): \(ReportText.number(adjustment.originalValue, places: 3)) → "
                + "\(ReportText.number(adjustment.adjustedValue, places: 3))</title></circle>"
        }
        return s + "</svg>"
    }
}
