import SyncCore
import SyncStore

/// The reads the CLI's commands need, so that they go through the node
/// (which maps store errors to its own) instead of reaching into its store.
extension LocalNode {
    /// Documents matching `filter`, newest first.
    package func list(_ filter: ListFilter) throws -> [DocumentSummary] { try store.list(filter) }

    /// How many documents match `filter` (to say when `list` cut it short).
    package func count(_ filter: ListFilter) throws -> Int { try store.count(filter) }

    /// The document with `id` as this node shows it, or nil.
    package func document(_ id: String, now: UInt64 = WallClock.nowMillis()) throws -> StoredDocument? {
        try store.document(id, now: now)
    }

    /// Every revision of a document this node holds, oldest first.
    package func history(of id: String) throws -> [RevisionRecord] { try store.history(of: id) }

    /// Full-text search, best match first.
    package func search(_ text: String, limit: Int = 20) throws -> [DocumentSummary] { try store.search(text, limit: limit) }

    package func stats() throws -> StoreStats { try store.stats() }

    /// The sync state kept for `peer` (checkpoints, last outcome, back-off).
    package func peerState(_ peer: String) throws -> PeerSyncState { try store.peerState(peer) }

    /// The actor this node writes as now (`name`, or `name~N` after a restore).
    package var actor: String { get throws { try store.actor } }

    /// True until a restored node has read every peer's log once.
    package var isRestoring: Bool { get throws { try store.restoredFromBackup != nil } }

    package func rejectedCount() throws -> Int { try store.rejectedCount() }

    package func rejectedRevisions(limit: Int) throws -> [RejectedRevision] { try store.rejectedRevisions(limit: limit) }

    /// Recorded sync runs, newest first, with dead runs shown as interrupted.
    package func runs(limit: Int) throws -> [RunRecord] { try RunHistory.runs(store, limit: limit, home: home) }

    /// A full id for `text` (an id, or a prefix of at least 4 characters).
    package func resolveID(_ text: String) throws -> String { try DocumentIDResolver.resolve(text, in: store) }

    /// `syncnode rejoin`: marks the store restored; returns the actor it writes as.
    package func markRestored() throws -> String { try store.markRestored() }
}
