import SyncCore

/// A document as `show` presents it: the merged view plus what it is made of.
public struct StoredDocument: Sendable {
    public var id: String
    public var kind: DocumentKind
    /// The merged view's content (what the document shows).
    public var content: Content
    public var deleted: Bool
    public var clock: VersionVector
    public var siblings: [Revision]
    public var winner: String
    public var view: MergedView
    public var createdSeq: Int64
    public var updatedSeq: Int64
}
