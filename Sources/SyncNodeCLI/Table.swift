/// A plain-text table with a header row, columns padded to fit, long cells
/// cut with an ellipsis.
struct Table {
    var headers: [String]
    var rows: [[String]] = []
    var maxWidth = 60

    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let cells = ([headers] + rows).map { $0.map { cut($0.replacingNewlines()) } }
        var widths = Array(repeating: 0, count: headers.count)
        for row in cells { for (i, c) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], c.count) } }
        return cells.enumerated().map { n, row in
            let line = row.enumerated().map { i, c in
                i == row.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count)
            }.joined(separator: "  ")
            return n == 0 ? line + "\n" + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") : line
        }.joined(separator: "\n")
    }

    func cut(_ s: String) -> String {
        s.count <= maxWidth ? s : String(s.prefix(maxWidth - 1)) + "…"
    }
}

extension String {
    func replacingNewlines() -> String {
        split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
