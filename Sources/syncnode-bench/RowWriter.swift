import SQLite
import SyncCore
import SyncStore

/// The floor: writes the rows `Store.apply` writes for a revision that
/// becomes its document's only head (a new document, or an edit that
/// supersedes it), with bare prepared statements and nothing else: no
/// lookups in Swift, no merge, no clock. Same schema, and the same
/// full-text index work (old text out, new text in).
final class RowWriter {
    let db: Connection
    private let insertRevision: Statement
    private let oldText: Statement
    private let removeOldText: Statement
    private let upsertDocument: Statement
    private let insertText: Statement
    private let countRevision: Statement
    private let countDocument: Statement
    /// Documents this writer created (an in-memory set stands in for the
    /// store's lookup of the document row).
    private var written = Set<String>()
    /// The store held documents before this writer: every document is
    /// looked up (its old text read back), as the store does.
    private let intoExistingStore: Bool

    init(db: Connection, intoExistingStore: Bool = false) throws {
        self.db = db
        self.intoExistingStore = intoExistingStore
        insertRevision = try db.makeStatement(Store.insertRevisionSQL)
        // The old texts are read back from the log (StoreSchema.v6), as the store does.
        oldText = try db.makeStatement("""
            SELECT d.row_id, t.row_id IS NOT NULL, t.title, t.summary, t.body, t.abstract, t.notes
            FROM documents d LEFT JOIN documents_text t ON t.row_id = d.row_id WHERE d.doc_id = ?
            """)
        removeOldText = try db.makeStatement(Store.deleteSearchTextSQL)
        upsertDocument = try db.makeStatement(Store.upsertDocumentSQL)
        insertText = try db.makeStatement(Store.insertSearchTextSQL)
        countRevision = try db.makeStatement(Store.countRevisionsSQL)
        countDocument = try db.makeStatement(Store.addDocumentCountSQL)
    }

    /// Writes the rows; returns the revision's seq.
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
        try countRevision.execute([1])
        let c = r.content
        let tags = c.list("tags")
        var clock = r.context
        clock.add(r.dot)
        var isNew = written.insert(r.documentID).inserted
        var rowID: Int64? = nil
        if !isNew || intoExistingStore, let old = try oldText.rows([r.documentID]).first {
            isNew = false
            rowID = try old.int(0)
            if try old.bool(1) {
                try removeOldText.execute([try old.int(0)] + (2...6).map { try old.optionalString($0) ?? "" })
            }
        }
        // The store's kept counts (v5): a new document adds one.
        if isNew { try countDocument.execute([r.tombstone, r.kind.rawValue, c.text("city"), 1]) }
        try upsertDocument.execute([
            r.documentID, r.kind.rawValue, c.text("title"), c.text("category"), c.text("city"),
            tags.isEmpty ? "" : "|" + tags.joined(separator: "|") + "|",
            c.text(DocumentSchema.dateField(for: r.kind)), r.tombstone,
            "", BareJSON.clock(clock), r.dot.description,   // the view is the revision's content: not stored again
            1, 0, false, r.dot.description, seq, seq,
        ])
        if !r.tombstone {
            try insertText.execute([rowID ?? db.lastInsertedRowID, c.text("title"), c.text("summary"), c.text("body"),
                                    c.text("abstract"), c.text("notes")])
        }
        return seq
    }
}
