/// Rows of text in aligned columns, for terminal output.
struct TextTable {
    struct Column {
        enum Alignment {
            case left
            case right
        }

        var title: String
        var alignment: Alignment

        /// Numbers read best right-aligned, so that is the default.
        init(_ title: String, alignment: Alignment = .right) {
            self.title = title
            self.alignment = alignment
        }
    }

    var columns: [Column]
    private var rows: [[String]] = []

    init(columns: [Column]) {
        self.columns = columns
    }

    mutating func append(_ cells: [String]) {
        precondition(cells.count == columns.count, "a row needs one cell per column")
        rows.append(cells)
    }

    /// The header and the rows, columns two spaces apart, without trailing blanks.
    func render() -> String {
        let all = [columns.map(\.title)] + rows
        // Characters, not bytes, so model names with accents still line up.
        let widths = columns.indices.map { index in all.map { $0[index].count }.max() ?? 0 }
        return all.map { cells in
            var line = ""
            for (index, cell) in cells.enumerated() {
                let padding = String(repeating: " ", count: widths[index] - cell.count)
                if index > 0 {
                    line += "  "
                }
                line += columns[index].alignment == .left ? cell + padding : padding + cell
            }
            while line.last == " " {
                line.removeLast()
            }
            return line
        }.joined(separator: "\n")
    }
}
