/// The report's lists that grow with the labels clients send, cut to a size a reader, a reply
/// frame and a log record can hold.
extension LearningReport {
    /// Most entries listed of each such list (per dimension for calibration groups): a run over
    /// tens of thousands of distinct complexities and domains logs every adjustment it measured,
    /// but a report listing them all outgrew the 64 MiB a log record may hold and was not kept.
    public static let maximumListed = 1000
    /// Most sampled executions in the token chart (`TokenCalibration.maximumPoints` per complexity
    /// for twenty complexities).
    public static let maximumTokenPoints = 20 * TokenCalibration.maximumPoints
    /// The title of the section saying what the lists leave out.
    public static let notListedTitle = "Not listed"

    /// Cuts each list to ``maximumListed``: the calibration groups with the most executions (in
    /// their order), the opportunities with the largest saving, the value-per-dollar cells with
    /// the most samples, the first adjustments logged, A/B verdicts and section lines, and token
    /// points of the complexities still listed. A section counts what was left out.
    public mutating func limitLists() {
        var lines: [String] = []
        func note(_ kept: Int, of total: Int, _ what: String) {
            if kept < total { lines.append("\(total - kept) of \(total) \(what) (the report lists \(kept))") }
        }
        let adjustmentCount = adjustments.count
        adjustments = Array(adjustments.prefix(Self.maximumListed))
        note(adjustments.count, of: adjustmentCount, "adjustments; list_adjustments has them all")

        for dimension in [TokenCalibration.Group.Dimension.complexity, .domain] {
            let total = tokens.groups.count { $0.dimension == dimension }
            tokens.groups = Self.largest(tokens.groups, where: { $0.dimension == dimension }, by: \.executions)
            note(tokens.groups.count { $0.dimension == dimension }, of: total, "token groups by \(dimension.rawValue)")
        }
        let complexities = Set(tokens.groups.lazy.filter { $0.dimension == .complexity }.map(\.label))
        let pointCount = tokens.points.count
        tokens.points = Array(tokens.points.lazy.filter { complexities.contains($0.complexity) }.prefix(Self.maximumTokenPoints))
        note(tokens.points.count, of: pointCount, "sampled token points")

        for dimension in [ValueCalibration.Group.Dimension.priority, .domain] {
            let total = values.groups.count { $0.dimension == dimension }
            values.groups = Self.largest(values.groups, where: { $0.dimension == dimension }, by: \.executions)
            note(values.groups.count { $0.dimension == dimension }, of: total, "value groups by \(dimension.rawValue)")
        }
        let opportunityCount = costs.opportunities.count
        costs.opportunities = Array(costs.opportunities.prefix(Self.maximumListed))  // largest saving first
        note(costs.opportunities.count, of: opportunityCount, "cost opportunities")

        // The heat map's task types are few (`ValuePerDollarCell.maximumTaskTypes`), its models not.
        let cellCount = valuePerDollar.count
        valuePerDollar = Self.largest(valuePerDollar, where: { _ in true }, by: \.samples)
        note(valuePerDollar.count, of: cellCount, "value-per-dollar cells")

        let testCount = abTests.count
        abTests = Array(abTests.prefix(Self.maximumListed))
        note(abTests.count, of: testCount, "A/B test verdicts")
        for index in sections.indices {
            let lineCount = sections[index].lines.count
            sections[index].lines = Array(sections[index].lines.prefix(Self.maximumListed))
            note(sections[index].lines.count, of: lineCount, "lines of section \(sections[index].title)")
        }

        if !lines.isEmpty { sections.append(LearningReportSection(title: Self.notListedTitle, lines: lines)) }
    }

    /// `items`, keeping of those `matching` only the ``maximumListed`` largest by `size` (the
    /// earlier on a tie), in their order.
    private static func largest<Item>(_ items: [Item], where matching: (Item) -> Bool, by size: (Item) -> Int) -> [Item] {
        let candidates = items.indices.filter { matching(items[$0]) }
        guard candidates.count > maximumListed else { return items }
        let kept = Set(candidates.sorted { size(items[$0]) != size(items[$1]) ? size(items[$0]) > size(items[$1]) : $0 < $1 }
            .prefix(maximumListed))
        return items.indices.filter { !matching(items[$0]) || kept.contains($0) }.map { items[$0] }
    }
}
