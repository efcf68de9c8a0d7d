import SQLite
import SyncCore

/// Reading the change log: what peers pull, and a document's history.
extension Store {
    static let revisionColumns = """
        seq, doc_id, kind, actor, counter, context, author, hlc_millis, hlc_logical, tombstone, content,
        signature, origin, received_at
        """

    func record(from row: Row) throws -> RevisionRecord {
        let kind = try DocumentKind(stored: row.string(2), of: "revision \(row.int(0))")
        let revision = try Revision(
            documentID: row.string(1), kind: kind,
            dot: Dot(actor: row.string(3), counter: UInt64(row.int(4))),
            context: try ClockText.decodeVector(row.string(5)), author: row.string(6),
            timestamp: HybridTimestamp(millis: UInt64(row.int(7)), logical: UInt32(clamping: row.int(8))),
            tombstone: row.bool(9), content: try ContentJSON.decode(row.string(10)))
        return try RevisionRecord(seq: row.int(0), signed: SignedRevision(revision: revision, signature: row.blob(11)),
                              origin: row.optionalString(12), receivedAt: UInt64(row.int(13)))
    }

    /// The revision with dot `dot`.
    func revision(at dot: Dot) throws -> Revision {
        guard let row = try db.firstRow("SELECT \(Store.revisionColumns) FROM revisions WHERE actor = ? AND counter = ?",
                                        dot.actor, dot.counter) else {
            throw StoreError.corrupt("revision \(dot) is listed as a head but missing from the log")
        }
        return try record(from: row).revision
    }

    /// Every revision of a document, oldest first.
    package func history(of id: String) throws -> [RevisionRecord] {
        try db.rows("SELECT \(Store.revisionColumns) FROM revisions WHERE doc_id = ? ORDER BY seq", id)
            .map { try record(from: $0) }
    }

    /// The change log after `seq`, in order, at most `limit` entries.
    package func changes(after seq: Int64, limit: Int) throws -> [RevisionRecord] {
        try db.rows("SELECT \(Store.revisionColumns) FROM revisions WHERE seq > ? ORDER BY seq LIMIT ?", seq, limit)
            .map { try record(from: $0) }
    }

    /// The last sequence number in the change log (0 when empty).
    package func headSeq() throws -> Int64 {
        try db.firstRow("SELECT COALESCE(MAX(seq), 0) FROM revisions")?.int(0) ?? 0
    }

    /// Whether this node holds the revision with `dot`.
    package func hasRevision(_ dot: Dot) throws -> Bool {
        try db.firstRow("SELECT 1 FROM revisions WHERE actor = ? AND counter = ?", dot.actor, dot.counter) != nil
    }

    /// The highest counter seen for `actor` in any revision held.
    package func highestCounter(of actor: String) throws -> UInt64 {
        UInt64(try db.firstRow("SELECT COALESCE(MAX(counter), 0) FROM revisions WHERE actor = ?", actor)?.int(0) ?? 0)
    }
}
