import SyncCore

/// Everything the document page shows, read from the store by the handler.
public struct WebDocument: Sendable, Equatable {
    public var id: String
    public var kind: DocumentKind
    /// The merged view's content.
    public var content: Content
    public var deleted: Bool
    /// Oldest first, at most `WebDocument.maxHistory` of them.
    public var history: [WebRevision]
    /// How many older revisions were left out of `history`.
    public var historyOmitted: Int
    /// The distinct concurrent versions when the document is in conflict (else empty).
    public var versions: [WebVersion]
    /// Fields the versions changed in different ways.
    public var conflictFields: [String]
    /// One city deleted the document while another edited it.
    public var deleteConflict: Bool

    /// Bounds the history a page lists (the newest ones are kept).
    public static let maxHistory = 200

    public init(id: String, kind: DocumentKind, content: Content, deleted: Bool, history: [WebRevision],
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

    public var inConflict: Bool { !conflictFields.isEmpty || deleteConflict }
}
