import SyncCore
import SyncCrypto

/// Revisions changed after signing, and revisions signed by keys nobody trusts.
enum Forgery {
    /// The same revision with its title changed, keeping the old signature.
    static func altered(_ signed: SignedRevision) -> SignedRevision {
        var revision = signed.revision
        var content = revision.content
        content["title"] = .text(content.text("title") + " (altered in transit)")
        revision.content = content
        return SignedRevision(revision: revision, signature: signed.signature)
    }

    /// A well-formed article by `author`, signed with `key`.
    static func article(author: String, key: Ed25519PrivateKey, counter: UInt64 = 1, title: String) throws -> SignedRevision {
        let revision = Revision(documentID: "\(author).forged\(counter)", kind: .article,
                                dot: Dot(actor: author, counter: counter), context: VersionVector(), author: author,
                                timestamp: HybridTimestamp(millis: 1_767_225_600_000), tombstone: false,
                                content: Content(["title": .text(title), "summary": .text("A summary."),
                                                  "city": .text(author), "language": .text("en")]))
        return SignedRevision(revision: revision, signature: try key.sign(CanonicalEncoding.signingBytes(of: revision)))
    }
}
