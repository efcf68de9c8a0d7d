import SyncCore
import SyncCrypto
import SyncProtocol

/// Shared inputs: the RFC 8032 test 1 key and the revision of the
/// docs/protocol.md test vector.
enum Fixtures {
    static let seedHex = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"

    static func key() throws -> Ed25519PrivateKey {
        try Ed25519PrivateKey(seed: Hex.decode(seedHex)!)
    }

    static let sha256: @Sendable ([UInt8]) -> [UInt8] = { SHA256.hash($0) }

    /// The revision of the protocol.md test vector.
    static let vectorRevision = Revision(
        documentID: "birmingham.0123456789abcdefghjkmnpqrs",
        kind: .article,
        dot: Dot(actor: "birmingham", counter: 3),
        context: VersionVector(["birmingham": 2, "singapore": 5]),
        author: "birmingham",
        timestamp: HybridTimestamp(millis: 1_767_225_600_000, logical: 1),
        tombstone: false,
        content: Content([
            "title": .text("Canal restoration begins"),
            "summary": .text("Work starts on the canals — phase 1."),
            "tags": .list(["heritage", "canals"]),
        ]))

    static func signed(_ r: Revision, with key: Ed25519PrivateKey) throws -> SignedRevision {
        SignedRevision(revision: r, signature: try key.sign(CanonicalEncoding.signingBytes(of: r)))
    }

    static func revision(doc: String = "birmingham.abc", actor: String = "birmingham", counter: UInt64 = 1,
                         title: String = "Hello") -> Revision {
        Revision(documentID: doc, kind: .article, dot: Dot(actor: actor, counter: counter),
                 context: VersionVector(counter > 1 ? [actor: counter - 1] : [:]),
                 author: WireRevision.node(ofActor: actor),
                 timestamp: HybridTimestamp(millis: 1_000 + counter), tombstone: false,
                 content: Content(["title": .text(title)]))
    }
}
