import Synchronization

/// The server's recent response signatures, by signature base. A response
/// signature carries no nonce: the base is the status, the Content-Digest,
/// the request's target URI and the `created`/`expires` seconds, so peers
/// pulling the same page within one second are sent the same base. Ed25519
/// is deterministic (RFC 8032: one key and one message give one signature),
/// so reusing the signature made for an equal base sends exactly the bytes
/// signing again would, without the ~22 µs of signing (about a twentieth of
/// a kept page's CPU). Request signatures carry a nonce and are not kept.
///
/// It pays when requests repeat a target URI: readers without `exclude`
/// (as `syncnode-bench serve`'s load clients are), or a peer retrying. A
/// federation's pullers each send `exclude=<own name>` and their own
/// cursor, so their bases rarely meet; there each response costs one hash
/// of its base and one lock more, and the memo saves little.
final class SignatureMemo: Sendable {
    private let kept = Mutex<[[UInt8]: [UInt8]]>([:])
    /// Bases kept at most; all are dropped when full (they are stale within a second anyway).
    let capacity: Int

    init(capacity: Int = 256) {
        self.capacity = capacity
    }

    /// The signature of `base`: the one made before for an equal base, else `sign(base)`.
    func signature(of base: [UInt8], sign: ([UInt8]) throws -> [UInt8]) rethrows -> [UInt8] {
        if let known = kept.withLock({ $0[base] }) { return known }
        let made = try sign(base)
        kept.withLock { kept in
            if kept.count >= capacity { kept.removeAll(keepingCapacity: true) }
            kept[base] = made
        }
        return made
    }
}
