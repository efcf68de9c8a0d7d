import SyncCore

/// What one benchmark prints: a table for people, or with `--json` one JSON
/// object for scripts.
struct BenchReport {
    var title: String
    var rows: [ResultRow] = []
    /// Context lines printed under the table (sizes, method, caveats).
    var notes: [String] = []
    var json: [String: JSONValue] = [:]

    init(title: String) {
        self.title = title
    }

    mutating func set(_ key: String, _ value: Double) {
        json[key] = .double(value)
    }

    mutating func set(_ key: String, _ value: Double, decimals: Int) {
        json[key] = .number(Format.fixed(value, decimals))
    }

    mutating func set(_ key: String, _ value: String) {
        json[key] = .string(value)
    }

    mutating func set(_ key: String, _ value: Bool) {
        json[key] = .bool(value)
    }

    var allTargetsMet: Bool { rows.allSatisfy { $0.met != false } }

    func table() -> String {
        let header = ["figure", "value", "floor", "ratio", "target", "met", "compared with"]
        let cells = rows.map {
            [$0.figure, $0.value, $0.floor, $0.ratio, $0.target, $0.met.map { $0 ? "yes" : "NO" } ?? "-", $0.comparedWith]
        }
        var widths = header.map(\.count)
        for row in cells { for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ c: [String]) -> String {
            c.enumerated().map { i, s in
                if i == c.count - 1 { return s }   // the floor's name: last, left, unpadded
                let pad = String(repeating: " ", count: widths[i] - s.count)
                return i == 0 ? s + pad : pad + s   // figures left, numbers right
            }.joined(separator: "  ")
        }
        var out = [title, line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        out += cells.map(line)
        out += notes.map { "  " + $0 }
        return out.joined(separator: "\n")
    }

    func jsonText() -> String {
        var o = json
        o["targets_met"] = .bool(allTargetsMet)
        // Each figure's floor, as the table's last column names it.
        o["floors"] = .object(Dictionary(rows.map { (String($0.figure.drop { $0 == " " }), .string($0.comparedWith)) },
                                         uniquingKeysWith: { a, _ in a }))
        return JSONValue.object(o).text
    }
}
