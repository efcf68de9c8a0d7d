import SyncCore
import SyncCrypto
import SyncStore

/// A benchmark's starting store (setup, not measured): articles authored
/// and signed by `actor`, applied through the store's own write path
/// (Store.apply in one bulk write), so that a setup writes exactly what a
/// node writes and cannot drift from the store's schema.
struct StoreSeed {
    let generator: ArticleGenerator
    let actor: String
    let key: Ed25519PrivateKey
    /// Every revision's timestamp (its logical part is the article's index).
    let t0: UInt64

    /// Article `i` as `actor`'s first revision of it, signed.
    func revision(_ i: Int) throws -> SignedRevision {
        let r = Revision(documentID: generator.id(i), kind: .article, dot: Dot(actor: actor, counter: UInt64(i + 1)),
                         context: VersionVector(), author: actor, timestamp: HybridTimestamp(millis: t0, logical: UInt32(i)),
                         tombstone: false, content: generator.content(i))
        return SignedRevision(revision: r, signature: try key.sign(CanonicalEncoding.signingBytes(of: r)))
    }

    /// Applies articles 0..<count to `store` as received from `origin`; nil
    /// means written by the store's own node, whose counter and clock are
    /// then set past them. `each` sees every revision (to write a floor's
    /// input alongside).
    func fill(_ store: Store, count: Int, origin: String?,
              each: (SignedRevision) throws -> Void = { _ in }) throws {
        try store.bulkWrite { scope in
            for i in 0..<count {
                let signed = try revision(i)
                let result = try store.apply(signed, origin: origin, now: t0, in: scope)
                guard case .applied = result else {
                    throw BenchError("setup: \(actor)'s article \(i) (\(signed.revision.documentID)) was not applied: \(result)")
                }
                try each(signed)
            }
            try store.setMeta("hlc_millis", String(t0))
            if origin == nil {
                try store.setMeta("counter", String(count))
                try store.setMeta("hlc_logical", String(count))
            }
        }
    }
}
