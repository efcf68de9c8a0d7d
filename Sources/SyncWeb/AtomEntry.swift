/// One document in an Atom feed.
public struct AtomEntry: Sendable, Equatable {
    /// The document id: the entry's stable identity across edits.
    public var documentID: String
    public var title: String
    /// Time of the document's newest current revision, milliseconds since 1970.
    public var updatedMillis: UInt64
    /// The summary (an article's) or abstract (a talk's), as plain text.
    public var summary: String
    public var author: String
    public var category: String
    /// A `lang` tag, already checked with `HTML.languageTag`.
    public var language: String?

    public init(documentID: String, title: String, updatedMillis: UInt64, summary: String, author: String,
                category: String, language: String? = nil) {
        self.documentID = documentID
        self.title = title
        self.updatedMillis = updatedMillis
        self.summary = summary
        self.author = author
        self.category = category
        self.language = language
    }

    /// `urn:syncnode:doc:<id>`: document ids are URL-safe, unique across the
    /// federation, and never change, so a reader shows an edit as an update.
    public var atomID: String { "urn:syncnode:doc:" + documentID }
}
