import SQLite
import SyncCore

/// The record of received revisions that could not be accepted (schema v4).
extension Store {
    /// Records (or counts once more) a refused revision, in the write that
    /// applies the rest of its change-set.
    package func recordRejection(_ signed: SignedRevision, peer: String, code: String, reason: String, now: UInt64,
                                in _: WriteScope) throws {
        let r = signed.revision
        try db.cachedStatement("""
            INSERT INTO rejected_revisions (doc_id, kind, actor, counter, author, peer, code, reason, context,
                                            hlc_millis, hlc_logical, tombstone, content, signature, first_seen, last_seen)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (actor, counter, signature) DO UPDATE SET
                last_seen = excluded.last_seen, times = times + 1, code = excluded.code, reason = excluded.reason
            """).execute([r.documentID, r.kind.rawValue, r.dot.actor, r.dot.counter, r.author, peer, code, reason,
                          ClockText.encode(r.context), r.timestamp.millis, Int64(r.timestamp.logical), r.tombstone,
                          ContentJSON.encode(r.content), signed.signature, Int64(clamping: now), Int64(clamping: now)])
    }

    /// Revisions of `documentID` refused because they said it is `kind`
    /// while the store held it as the other kind, with the peer each came
    /// from: now that its creation says `kind`, they belong to it after all.
    func refusedForKind(documentID: String, kind: DocumentKind) throws -> [(signed: SignedRevision, peer: String)] {
        try db.rows("""
            SELECT doc_id, kind, actor, counter, context, author, hlc_millis, hlc_logical, tombstone, content, signature, peer
            FROM rejected_revisions WHERE doc_id = ? AND kind = ? AND code = 'kind_mismatch' ORDER BY id
            """, documentID, kind.rawValue).map { row in
            let revision = try Revision(
                documentID: row.string(0), kind: kind, dot: Dot(actor: row.string(2), counter: UInt64(row.int(3))),
                context: try ClockText.decodeVector(row.string(4)), author: row.string(5),
                timestamp: HybridTimestamp(millis: UInt64(row.int(6)), logical: UInt32(clamping: row.int(7))),
                tombstone: row.bool(8), content: try ContentJSON.decode(row.string(9)))
            return (SignedRevision(revision: revision, signature: try row.blob(10)), try row.string(11))
        }
    }

    /// Drops the record of a revision that has now been accepted (its author
    /// became trusted, say, and the log was re-read with `pull --from-start`).
    package func forgetRejection(_ signed: SignedRevision, in _: WriteScope) throws {
        try forgetRejection(signed)
    }

    /// `forgetRejection` for the store's own apply path, already in a write.
    func forgetRejection(_ signed: SignedRevision) throws {
        try db.cachedStatement("DELETE FROM rejected_revisions WHERE actor = ? AND counter = ? AND signature = ?")
            .execute([signed.revision.dot.actor, signed.revision.dot.counter, signed.signature])
    }

    /// True when this exact revision is on record as refused.
    package func isRecordedRejection(_ signed: SignedRevision) throws -> Bool {
        try db.firstRow("SELECT 1 FROM rejected_revisions WHERE actor = ? AND counter = ? AND signature = ?",
                        signed.revision.dot.actor, signed.revision.dot.counter, signed.signature) != nil
    }

    /// Refused revisions, most recently received first.
    package func rejectedRevisions(limit: Int) throws -> [RejectedRevision] {
        try db.rows("""
            SELECT doc_id, kind, actor, counter, author, peer, code, reason, first_seen, last_seen, times
            FROM rejected_revisions ORDER BY last_seen DESC, id DESC LIMIT ?
            """, limit).map { row in
            try RejectedRevision(documentID: row.string(0), kind: row.string(1),
                             revisionID: Dot(actor: row.string(2), counter: UInt64(row.int(3))).description,
                             author: row.string(4), peer: row.string(5), code: row.string(6), reason: row.string(7),
                             firstSeen: UInt64(row.int(8)), lastSeen: UInt64(row.int(9)), times: Int(row.int(10)))
        }
    }

    /// The highest counter of each actor of `node` among refused revisions.
    /// A refused revision of this node's own actor (one it wrote, lost in a
    /// restore, and refuses now that it is pulled back, say) is not in the
    /// log, but its counter was spent: it must count as known, or every pull
    /// would take it for a new restore and the next write would reuse it.
    func highestRejectedCounters(ofActorsOf node: String) throws -> [String: UInt64] {
        var seen: [String: UInt64] = [:]
        for row in try db.rows("""
            SELECT actor, MAX(counter) FROM rejected_revisions
            WHERE actor = ? OR (actor > ? AND actor < ?) GROUP BY actor
            """, node, node + "~", node + "\u{7F}") {
            seen[try row.string(0)] = UInt64(try row.int(1))
        }
        return seen
    }

    /// The dots of the refused revisions on record.
    package func rejectedDots() throws -> Set<Dot> {
        Set(try db.rows("SELECT actor, counter FROM rejected_revisions").map { try Dot(actor: $0.string(0), counter: UInt64($0.int(1))) })
    }

    /// How many refused revisions are on record (`status`, `/metrics`).
    package func rejectedCount() throws -> Int {
        Int(try db.firstRow("SELECT count(*) FROM rejected_revisions")?.int(0) ?? 0)
    }
}
