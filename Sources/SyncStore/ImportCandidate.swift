import SyncCore

/// One document as import matching sees it: enough to tell whether a record
/// names it (id), points at it (`source_url`) or repeats it (content),
/// without computing its merged view.
public struct ImportCandidate: Sendable, Equatable {
    public var id: String
    public var kind: DocumentKind
    public var deleted: Bool
    /// More than one means concurrent siblings: an import writes to settle them.
    public var siblingCount: Int
    /// The stored view's content; empty for a deleted document.
    public var content: Content

    public init(id: String, kind: DocumentKind, deleted: Bool, siblingCount: Int, content: Content) {
        self.id = id
        self.kind = kind
        self.deleted = deleted
        self.siblingCount = siblingCount
        self.content = content
    }

    /// True when the document is live with one version: an identical record
    /// then has nothing to write.
    public var isSettled: Bool { !deleted && siblingCount == 1 }
}
