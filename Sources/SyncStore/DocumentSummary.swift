import SyncCore

/// One row of `list` and `search`.
public struct DocumentSummary: Sendable, Equatable {
    public var id: String
    public var kind: DocumentKind
    public var title: String
    public var city: String
    public var category: String
    public var date: String
    public var tags: [String]
    public var siblingCount: Int
    public var conflictCount: Int
    /// For search results: the text around the match, and the rank (higher is better).
    public var snippet: String?
    public var score: Double?
}
