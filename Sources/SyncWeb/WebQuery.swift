import SyncCore

/// A page's parameters (filters, search text, paging), parsed from the query
/// string with every size bounded: a browser request can never ask the
/// store for more than `maxListRows` rows or `maxSearchRows` ranked hits.
package struct WebQuery: Sendable, Equatable {
    package var kind: DocumentKind?
    package var city: String?
    package var category: String?
    package var tag: String?
    /// Search words (same rules as `syncnode search`), at most `maxTextChars`.
    package var text: String?
    /// 1-based.
    package var page: Int
    package var perPage: Int

    package static let defaultPerPage = 20
    package static let maxPerPage = 100
    package static let maxTextChars = 200
    package static let maxFilterChars = 100
    /// The deepest listing row a page may reach (page × per page).
    package static let maxListRows = 2_000
    /// Ranked search hits are cut here, as with `syncnode search --limit`.
    package static let maxSearchRows = 100

    package init(kind: DocumentKind? = nil, city: String? = nil, category: String? = nil, tag: String? = nil,
                text: String? = nil, page: Int = 1, perPage: Int = WebQuery.defaultPerPage) {
        self.kind = kind
        self.city = city
        self.category = category
        self.tag = tag
        self.text = text
        self.page = page
        self.perPage = perPage
    }

    /// Reads `kind`, `city`, `category`, `tag`, `q`, `page`, `per_page`;
    /// empty values mean "any", unknown kinds are ignored, numbers are clamped.
    package static func parse(search: Bool, _ value: (String) -> String?) -> WebQuery {
        func text(_ name: String, _ cap: Int) -> String? {
            guard let v = value(name)?.trimmingWhitespace, !v.isEmpty else { return nil }
            return String(v.prefix(cap))
        }
        var q = WebQuery()
        q.kind = value("kind").flatMap(DocumentKind.init(rawValue:))
        q.city = text("city", maxFilterChars)
        q.category = text("category", maxFilterChars)
        q.tag = text("tag", maxFilterChars)?.lowercased()
        q.text = text("q", maxTextChars)
        q.perPage = min(max(Int(value("per_page") ?? "") ?? defaultPerPage, 1), maxPerPage)
        let deepest = (search ? maxSearchRows : maxListRows) / q.perPage
        q.page = min(max(Int(value("page") ?? "") ?? 1, 1), max(deepest, 1))
        return q
    }

    /// Rows to ask the store for: this page and everything before it, plus
    /// one to learn whether a next page exists.
    package var fetchLimit: Int { page * perPage + 1 }
    package var offset: Int { (page - 1) * perPage }

    /// The query string items that reproduce this query (defaults left out),
    /// optionally at another page; `except` drops one of the filters.
    package func items(page other: Int? = nil, except: String? = nil) -> [(String, String)] {
        var out: [(String, String)] = []
        if let text, except != "q" { out.append(("q", text)) }
        if let kind, except != "kind" { out.append(("kind", kind.rawValue)) }
        if let city, except != "city" { out.append(("city", city)) }
        if let category, except != "category" { out.append(("category", category)) }
        if let tag, except != "tag" { out.append(("tag", tag)) }
        if perPage != Self.defaultPerPage { out.append(("per_page", String(perPage))) }
        let p = other ?? page
        if p != 1 { out.append(("page", String(p))) }
        return out
    }

    /// A stable text naming this query, for ETags.
    package var key: String {
        items().map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }
}

extension String {
    var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
