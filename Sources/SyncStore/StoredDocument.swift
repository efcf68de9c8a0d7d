import SyncCore

/// A document as `show` presents it: the merged view plus what it is made of.
package struct StoredDocument: Sendable {
    package var id: String
    package var kind: DocumentKind
    /// The merged view's content (what the document shows).
    package var content: Content
    package var deleted: Bool
    package var clock: VersionVector
    package var siblings: [Revision]
    package var winner: String
    package var view: MergedView
    package var createdSeq: Int64
    package var updatedSeq: Int64
}
