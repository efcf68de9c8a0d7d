import Foundation
import SyncCore
import SyncCrypto
import SyncProtocol

/// Makes revisions signed as the suite's identity, with counters and
/// document ids no earlier run used, so the suite can run again and again
/// against one node.
struct RevisionFactory {
    let author: String
    let key: Ed25519PrivateKey
    /// Next counter; starts at the current Unix time in milliseconds so that
    /// reruns never reuse a counter.
    private(set) var nextCounter: UInt64

    init(author: String, key: Ed25519PrivateKey) {
        self.author = author
        self.key = key
        nextCounter = UInt64(Date().timeIntervalSince1970 * 1000)
    }

    /// A fresh document id in `owner`'s namespace.
    static func documentID(owner: String) -> String {
        var rng = SystemRandomNumberGenerator()
        return DocumentID.mint(node: owner, random: (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) })
    }

    /// The next counter of this identity.
    mutating func counter() -> UInt64 {
        defer { nextCounter += 1 }
        return nextCounter
    }

    /// A revision signed with `signingKey` (default: the identity's key).
    func make(document: String, kind: DocumentKind = .article, counter: UInt64, context: [String: UInt64] = [:],
              author: String? = nil, millis: UInt64? = nil, content: [String: FieldValue],
              signingKey: Ed25519PrivateKey? = nil) throws -> SignedRevision {
        let writer = author ?? self.author
        let revision = Revision(documentID: document, kind: kind, dot: Dot(actor: writer, counter: counter),
                                context: VersionVector(context), author: writer,
                                timestamp: HybridTimestamp(millis: millis ?? UInt64(Date().timeIntervalSince1970 * 1000)),
                                tombstone: false, content: Content(content))
        let signature = try (signingKey ?? key).sign(CanonicalEncoding.signingBytes(of: revision))
        return SignedRevision(revision: revision, signature: signature)
    }

    /// A change-set from `origin` with a correct id.
    static func changeset(origin: String, _ revisions: [SignedRevision]) -> ChangeSetPush {
        ChangeSetPush(origin: origin, revisions: revisions, sha256: { SHA256.hash($0) })
    }
}
