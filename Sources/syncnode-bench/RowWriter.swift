import SQLite
import SyncCore
import SyncStore

/// The floor: writes the rows `Store.apply` writes for a revision that
/// becomes its document's only head (a new document, or an edit that
/// supersedes it), with two prepared statements and nothing else: no
/// lookups, no merge, no clock. Same schema, same FTS5 triggers.
final class RowWriter {
    let db: Connection
    private let insertRevision: Statement
    private let upsertDocument: Statement
    /// For the reference measurement only: the FTS5 row written by a plain
    /// statement of its own (in a store whose FTS triggers were dropped).
    private let insertFTS: Statement?

    /// The same statements `Store.apply` runs.
    static let revisionSQL = Store.insertRevisionSQL
    static let documentSQL = Store.upsertDocumentSQL

    init(db: Connection, writesFTSDirectly: Bool = false) throws {
        self.db = db
        insertRevision = try db.makeStatement(Self.revisionSQL)
        upsertDocument = try db.makeStatement(Self.documentSQL)
        insertFTS = writesFTSDirectly ? try db.makeStatement(
            "INSERT INTO documents_fts (rowid, title, summary, body, abstract, notes) VALUES (?, ?, ?, ?, ?, ?)") : nil
    }

    /// Drops the FTS5 triggers of a throwaway store, for `writesFTSDirectly`.
    static func dropFTSTriggers(_ db: Connection) throws {
        for t in ["documents_fts_insert", "documents_fts_delete", "documents_fts_update"] {
            try db.execute("DROP TRIGGER \(t)")
        }
    }

    /// Writes both rows; returns the revision's seq.
    @discardableResult
    func write(_ signed: SignedRevision, origin: String?, now: UInt64) throws -> Int64 {
        let r = signed.revision
        let contentJSON = BareJSON.content(r.content)
        try insertRevision.execute([
            r.documentID, r.kind.rawValue, r.dot.actor, r.dot.counter, BareJSON.clock(r.context), r.author,
            r.timestamp.millis, Int64(r.timestamp.logical), r.tombstone, contentJSON, signed.signature, origin,
            Int64(clamping: now),
        ])
        let seq = db.lastInsertedRowID
        let c = r.content
        let tags = c.list("tags")
        var clock = r.context
        clock.add(r.dot)
        try upsertDocument.execute([
            r.documentID, r.kind.rawValue, c.text("title"), c.text("summary"), c.text("body"),
            c.text("abstract"), c.text("notes"), c.text("category"), c.text("city"),
            tags.isEmpty ? "" : "|" + tags.joined(separator: "|") + "|",
            c.text(DocumentSchema.dateField(for: r.kind)), r.tombstone,
            r.tombstone ? "{}" : contentJSON, BareJSON.clock(clock), r.dot.description,
            1, 0, false, r.dot.description, seq, seq,
        ])
        if let insertFTS {   // new documents only (the reference inserts, never updates)
            try insertFTS.execute([db.lastInsertedRowID, c.text("title"), c.text("summary"), c.text("body"),
                                   c.text("abstract"), c.text("notes")])
        }
        return seq
    }
}
