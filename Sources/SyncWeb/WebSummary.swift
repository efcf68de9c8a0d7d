import SyncCore

/// One document in a listing or search result, as the pages need it (the
/// handler fills it from the store; this module does no I/O).
public struct WebSummary: Sendable, Equatable {
    public var id: String
    public var kind: DocumentKind
    public var title: String
    public var city: String
    public var category: String
    /// `YYYY-MM-DD` (publication or event date), possibly empty.
    public var date: String
    public var tags: [String]
    /// Search only: text around the match with `[` `]` around matched words.
    public var snippet: String?
    public var inConflict: Bool

    public init(id: String, kind: DocumentKind, title: String, city: String, category: String, date: String,
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
