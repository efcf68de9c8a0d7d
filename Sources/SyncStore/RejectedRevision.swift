/// A revision this node received, correctly signed, but could not accept
/// (another city's id namespace, a schema break, a kind different from the
/// stored document's, a reused counter). Kept so that an operator can see
/// what did not arrive and why (`syncnode rejected`), while the link goes on.
package struct RejectedRevision: Sendable, Equatable {
    package var documentID: String
    package var kind: String
    /// `actor:counter`.
    package var revisionID: String
    package var author: String
    /// The peer it first came from.
    package var peer: String
    /// A stable label (`not_owner`, `invalid_content`, `kind_mismatch`, `reused_counter`, ...).
    package var code: String
    package var reason: String
    package var firstSeen: UInt64
    package var lastSeen: UInt64
    /// How many times it was received (pages re-read, several peers relaying it).
    package var times: Int

    package init(documentID: String, kind: String, revisionID: String, author: String, peer: String, code: String,
                reason: String, firstSeen: UInt64, lastSeen: UInt64, times: Int) {
        self.documentID = documentID
        self.kind = kind
        self.revisionID = revisionID
        self.author = author
        self.peer = peer
        self.code = code
        self.reason = reason
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.times = times
    }
}
