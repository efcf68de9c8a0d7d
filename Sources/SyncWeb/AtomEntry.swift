/// One document in an Atom feed.
package struct AtomEntry: Sendable, Equatable {
    /// The document id: the entry's stable identity across edits.
    package var documentID: String
    package var title: String
    /// Time of the document's newest current revision, milliseconds since 1970.
    package var updatedMillis: UInt64
    /// The summary (an article's) or abstract (a talk's), as plain text.
    package var summary: String
    package var author: String
    package var category: String
    /// A `lang` tag, already checked with `HTML.languageTag`.
    package var language: String?

    package init(documentID: String, title: String, updatedMillis: UInt64, summary: String, author: String,
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
    package var atomID: String { "urn:syncnode:doc:" + documentID }
}
