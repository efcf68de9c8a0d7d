/// What a browser would see as markup in a page: since text is escaped, every
/// `<` starts a real tag. Lists tag names and attribute names (quoted values
/// removed), so tests can check that no hostile element or handler got in.
package enum MarkupScan {
    package static let allowedTags: Set<String> = [
        "!doctype", "html", "head", "meta", "title", "link", "body", "a", "header", "nav", "ul", "ol", "li", "form",
        "label", "input", "button", "main", "footer", "h1", "h2", "h3", "p", "section", "select", "option", "span",
        "strong", "mark", "time", "article", "dl", "dt", "dd", "code", "br", "div", "table", "caption", "thead",
        "tbody", "tr", "th", "td",
    ]

    package static func tags(_ html: String) -> [(name: String, attributes: [String])] {
        var out: [(String, [String])] = []
        var rest = Substring(html)
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { break }
            var inside = String(rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
            if inside.hasPrefix("/") { inside.removeFirst() }
            // Drop quoted values: what is left are names.
            var bare = ""
            var quoted = false
            for ch in inside {
                if ch == "\"" { quoted.toggle(); continue }
                if !quoted { bare.append(ch) }
            }
            let words = bare.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "/" })
            guard let name = words.first?.lowercased() else { continue }
            let attributes = words.dropFirst().map { $0.split(separator: "=").first.map { $0.lowercased() } ?? "" }
            out.append((name, attributes))
        }
        return out
    }
}
