public import ArbiterCore

/// The learning report as Markdown, for a terminal or a pull request.
public struct MarkdownReport: Sendable {
    public let report: LearningReport

    public init(_ report: LearningReport) {
        self.report = report
    }

    /// Opportunities and history rows listed before the rest is summarised.
    static let maximumRows = 50

    public func render() -> String {
        var lines: [String] = []
        let r = report
        lines.append("# Arbiter learning report")
        lines.append("")
        lines.append("As of \(ReportText.date(r.asOfMs))\(r.dryRun ? " (dry run: nothing was logged)" : ""). "
            + "\(r.executionsStored) executions stored; adjustments with a confidence of at least "
            + "\(ReportText.number(r.graduationThreshold)) are applied as they are logged.")
        lines += tokenSection() + valueSection() + costSection() + adjustmentSection() + historySection() + settingsSection()
        for section in r.sections {
            lines += ["", "## \(section.title)", ""] + section.lines
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The thresholds and windows the run used, under their catalog keys.
    private func settingsSection() -> [String] {
        ["", "## Settings", "", "| `learning:` key | value |", "| --- | --- |"]
            + report.configuration.settingsByKey.map { "| `\($0.key)` | \($0.value) |" }
    }

    private func window(_ window: LearningWindow) -> String {
        "\(ReportText.day(window.startMs)) to \(ReportText.day(window.endMs))"
    }

    private func tokenSection() -> [String] {
        let t = report.tokens
        var lines = ["", "## Token estimation", "", "\(t.executions) executions from \(window(t.window)). Mean of actual / predicted tokens:", ""]
        guard !t.groups.isEmpty else { return lines + ["No executions in the window."] }
        lines += ["| By | Label | Executions | Input ratio | Output ratio |", "|---|---|--:|--:|--:|"]
        for g in t.groups {
            lines.append("| \(g.dimension.rawValue) | \(ReportText.cell(g.label)) | \(g.executions) | "
                + "\(ReportText.number(g.meanInputRatio, places: 3)) | \(ReportText.number(g.meanOutputRatio, places: 3)) |")
        }
        return lines
    }

    private func valueSection() -> [String] {
        let v = report.values
        var lines = ["", "## Value scoring", ""]
        guard v.enoughData else {
            return lines + ["Not enough data: \(v.executions) executions with a value delivered from \(window(v.window)); nothing was calibrated."]
        }
        let r = v.correlation.map { ReportText.number($0, places: 3) } ?? "undefined (a side is constant)"
        lines.append("\(v.executions) executions with a value delivered from \(window(v.window)). "
            + "Correlation of predicted and delivered value: r = \(r); priority weights \(v.prioritiesExamined ? "were" : "were not") examined.")
        lines += ["", "| By | Label | Executions | Mean predicted | Mean delivered | Ratio |", "|---|---|--:|--:|--:|--:|"]
        for g in v.groups {
            lines.append("| \(g.dimension.rawValue) | \(ReportText.cell(g.label)) | \(g.executions) | "
                + "\(ReportText.number(g.meanPredicted, places: 1)) | \(ReportText.number(g.meanDelivered, places: 1)) | \(ReportText.ratio(g)) |")
        }
        return lines
    }

    private func costSection() -> [String] {
        let c = report.costs
        var lines = ["", "## Savings found", "",
                     "\(c.premiumExecutions) executions on premium models from \(window(c.window)); \(c.executionsWithSaving) could have run "
                        + "on a cheaper model of similar quality, saving \(ReportText.dollars(c.bestSaving)) (the best alternative for each)."]
        guard !c.opportunities.isEmpty else { return lines }
        lines += ["", "| Task type | Current | Suggested | Executions | Total saving | Mean saving | Quality difference | Confidence |",
                  "|---|---|---|--:|--:|--:|--:|--:|"]
        for o in c.opportunities.prefix(Self.maximumRows) {
            lines.append("| \(ReportText.cell(o.taskType)) | \(ReportText.cell(o.currentModel)) | \(ReportText.cell(o.suggestedModel)) | "
                + "\(o.executions) | \(ReportText.dollars(o.totalSaving)) | \(ReportText.dollars(o.meanSaving)) | "
                + "\(ReportText.number(o.qualityDifference)) | \(ReportText.number(o.confidence)) |")
        }
        if c.opportunities.count > Self.maximumRows { lines += ["", "… and \(c.opportunities.count - Self.maximumRows) more."] }
        return lines
    }

    private func adjustmentSection() -> [String] {
        let adjustments = report.adjustments
        var lines = ["", report.dryRun ? "## Adjustments a run would log" : "## Adjustments logged", ""]
        guard !adjustments.isEmpty else { return lines + ["None."] }
        lines += adjustmentTable(adjustments)
        return lines
    }

    private func historySection() -> [String] {
        let history = report.history
        var lines = ["", "## Adjustment history", ""]
        guard !history.isEmpty else { return lines + ["No adjustment logged yet."] }
        let counts = Adjustment.Status.allCases.map { status in "\(history.filter { $0.status == status }.count) \(status.rawValue)" }
        lines.append("\(history.count) adjustments: \(counts.joined(separator: ", ")). Newest first:")
        lines.append("")
        lines += adjustmentTable(Array(history.suffix(Self.maximumRows).reversed()), withDate: true)
        return lines
    }

    private func adjustmentTable(_ adjustments: [Adjustment], withDate: Bool = false) -> [String] {
        var lines = [(withDate ? "| Created " : "") + "| Parameter | Type | Original | Adjusted | Confidence | Status | Reason |",
                     (withDate ? "|---" : "") + "|---|---|--:|--:|--:|---|---|"]
        for a in adjustments {
            lines.append((withDate ? "| \(ReportText.date(a.createdAtMs)) " : "")
                + "| \(ReportText.cell(a.parameterName)) | \(a.parameterType.rawValue) | \(ReportText.number(a.originalValue, places: 3)) | "
                + "\(ReportText.number(a.adjustedValue, places: 3)) | \(ReportText.number(a.confidenceScore)) | \(a.status.rawValue) | "
                + "\(ReportText.cell(a.adjustmentReason)) |")
        }
        return lines
    }
}
