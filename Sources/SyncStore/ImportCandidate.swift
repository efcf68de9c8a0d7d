import SyncCore

/// One document as import matching sees it: enough to tell whether a record
/// names it (id), points at it (`source_url`) or repeats it (content),
/// without decoding or merging anything.
package struct ImportCandidate: Sendable, Equatable {
    package var id: String
    package var kind: DocumentKind
    package var deleted: Bool
    /// More than one means concurrent siblings: an import writes to settle them.
    package var siblingCount: Int
    /// The view's `source_url`, or "" when it has none.
    package var sourceURL: String
    /// The view's content as the store keeps it: equal to
    /// `Store.contentJSON(of:)` of a record exactly when the contents are equal.
    package var contentJSON: String

    package init(id: String, kind: DocumentKind, deleted: Bool, siblingCount: Int, sourceURL: String, contentJSON: String) {
        self.id = id
        self.kind = kind
        self.deleted = deleted
        self.siblingCount = siblingCount
        self.sourceURL = sourceURL
        self.contentJSON = contentJSON
    }

    /// True when the document is live with one version: an identical record
    /// then has nothing to write.
    package var isSettled: Bool { !deleted && siblingCount == 1 }
}
