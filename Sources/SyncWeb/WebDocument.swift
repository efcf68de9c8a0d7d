import SyncCore

/// Everything the document page shows, read from the store by the handler.
package struct WebDocument: Sendable, Equatable {
    package var id: String
    package var kind: DocumentKind
    /// The merged view's content.
    package var content: Content
    package var deleted: Bool
    /// Oldest first, at most `WebDocument.maxHistory` of them.
    package var history: [WebRevision]
    /// How many older revisions were left out of `history`.
    package var historyOmitted: Int
    /// The distinct concurrent versions when the document is in conflict (else empty).
    package var versions: [WebVersion]
    /// Fields the versions changed in different ways.
    package var conflictFields: [String]
    /// One city deleted the document while another edited it.
    package var deleteConflict: Bool

    /// Bounds the history a page lists (the newest ones are kept).
    package static let maxHistory = 200

    package init(id: String, kind: DocumentKind, content: Content, deleted: Bool, history: [WebRevision],
                historyOmitted: Int = 0, versions: [WebVersion] = [], conflictFields: [String] = [],
                deleteConflict: Bool = false) {
        self.id = id
        self.kind = kind
        self.content = content
        self.deleted = deleted
        self.history = history
        self.historyOmitted = historyOmitted
        self.versions = versions
        self.conflictFields = conflictFields
        self.deleteConflict = deleteConflict
    }

    package var inConflict: Bool { !conflictFields.isEmpty || deleteConflict }
}
