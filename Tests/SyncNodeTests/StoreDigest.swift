import SyncCore
import SyncStore

/// Everything a rejected request must leave untouched in a store: the whole
/// change log (seq, revision id, document, signature, origin), the derived
/// statistics (without the file size), the per-peer checkpoints and the
/// node's own actor and counter.
struct StoreDigest: Equatable, CustomStringConvertible {
    var log: [String]
    var stats: StoreStats
    var peers: [PeerSyncState]
    var actor: String
    var counter: UInt64

    init(_ store: Store) throws {
        log = try store.changes(after: 0, limit: 1_000_000).map { r in
            let sig = r.signed.signature.prefix(8).map { String($0, radix: 16) }.joined()
            return "\(r.seq) \(r.revision.revisionID) \(r.revision.documentID) \(sig) \(r.origin ?? "-")"
        }
        var s = try store.stats()
        s.fileBytes = 0
        stats = s
        peers = try store.allPeerStates()
        actor = try store.actor
        counter = try store.counter
    }

    var description: String {
        "\(log.count) log entries (head \(stats.headSeq)), actor \(actor):\(counter), peers \(peers.map(\.peer))"
    }
}
