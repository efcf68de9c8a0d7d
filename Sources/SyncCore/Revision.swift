/// One version of one document, as written by one node and shipped to others.
///
/// `dot` names the write event; `context` is the version vector of what the
/// writer had seen of this document (not including `dot` itself). A revision
/// is obsolete once another known revision's context covers its dot.
package struct Revision: Sendable, Hashable {
    package var documentID: String
    package var kind: DocumentKind
    package var dot: Dot
    package var context: VersionVector
    /// The node whose key signs this revision (the actor's city).
    package var author: String
    package var timestamp: HybridTimestamp
    package var tombstone: Bool
    package var content: Content

    package init(documentID: String, kind: DocumentKind, dot: Dot, context: VersionVector,
                author: String, timestamp: HybridTimestamp, tombstone: Bool, content: Content) {
        self.documentID = documentID
        self.kind = kind
        self.dot = dot
        self.context = context
        self.author = author
        self.timestamp = timestamp
        self.tombstone = tombstone
        self.content = content
    }

    /// `actor:counter`: unique across the federation.
    package var revisionID: String { dot.description }

    /// Hashes the document and the dot only; equality still compares every
    /// field. Revisions live in sets (`DocumentState`, `MergeRules`), and
    /// hashing a whole content (kilobytes of text) for each insert and
    /// lookup was a visible part of every import and pull. Two revisions
    /// that differ only past their dot (a reused counter) merely collide.
    package func hash(into hasher: inout Hasher) {
        hasher.combine(documentID)
        hasher.combine(dot)
    }
}
