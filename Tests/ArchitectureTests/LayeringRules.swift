import Foundation

/// The two tables of docs/architecture.md that the layering test enforces.
struct LayeringRules {
    /// Module → the modules its sources may import.
    var allowed: [String: Set<String>] = [:]
    /// Tolerated edges, as `A -> B`.
    var exceptions: Set<String> = []

    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    init(markdown: String) throws {
        var section = ""
        for raw in markdown.split(separator: "\n") {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("#") { section = line.trimmingCharacters(in: CharacterSet(charactersIn: "# ")); continue }
            guard line.hasPrefix("|"), !line.hasPrefix("|---") else { continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).dropFirst().dropLast()
                .map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 2, cells[0] != "module", cells[0] != "edge" else { continue }
            switch section {
            case "Allowed imports":
                allowed[cells[0]] = Set(cells[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                    .filter { !$0.isEmpty })
            case "Known exceptions":
                exceptions.insert(cells[0].replacingOccurrences(of: "  ", with: " "))
            default:
                continue
            }
        }
        guard !allowed.isEmpty else { throw ParseError(description: "docs/architecture.md has no \"Allowed imports\" table") }
    }
}
