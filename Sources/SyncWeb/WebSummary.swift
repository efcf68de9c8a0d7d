import SyncCore

/// One document in a listing or search result, as the pages need it (the
/// handler fills it from the store; this module does no I/O).
package struct WebSummary: Sendable, Equatable {
    package var id: String
    package var kind: DocumentKind
    package var title: String
    package var city: String
    package var category: String
    /// `YYYY-MM-DD` (publication or event date), possibly empty.
    package var date: String
    package var tags: [String]
    /// Search only: text around the match with `[` `]` around matched words.
    package var snippet: String?
    package var inConflict: Bool

    package init(id: String, kind: DocumentKind, title: String, city: String, category: String, date: String,
                tags: [String], snippet: String? = nil, inConflict: Bool = false) {
        self.id = id
        self.kind = kind
        self.title = title
        self.city = city
        self.category = category
        self.date = date
        self.tags = tags
        self.snippet = snippet
        self.inConflict = inConflict
    }
}
