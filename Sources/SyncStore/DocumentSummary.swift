import SyncCore

/// One row of `list` and `search`.
package struct DocumentSummary: Sendable, Equatable {
    package var id: String
    package var kind: DocumentKind
    package var title: String
    package var city: String
    package var category: String
    package var date: String
    package var tags: [String]
    package var siblingCount: Int
    package var conflictCount: Int
    /// For search results: the text around the match, and the rank (higher is better).
    package var snippet: String?
    package var score: Double?
}
