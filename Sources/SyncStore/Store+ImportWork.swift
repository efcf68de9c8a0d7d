import SQLite
import SyncCore

/// An import's matching state, kept in temporary tables of this store's
/// connection (SQLite's temp database, which spills to a file beyond
/// `importWorkCacheKiB`) instead of in Swift maps: an import's memory then
/// stays bounded whatever the number of records or of stored documents.
/// Held in memory, a repeated import of 60,000 records peaked at 131 MB.
/// `ImportMatcher` (SyncNode) decides which rule runs when; each rule's SQL
/// is here. The tables belong to one import at a time: `beginImportWork`
/// empties them, `endImportWork` drops them.
extension Store {
    /// The temp database's page cache while an import works (SQLite's
    /// default is 2 MB): the ids of records go into B-trees in the order of
    /// the files, which is random for ids, so the pages a B-tree needs next
    /// are rarely the last ones used.
    static let importWorkCacheKiB = 8 * 1024

    /// Creates the work tables, empty (dropping any an earlier import left).
    /// Outside a write this takes no lock on the store: only the temp
    /// database is written.
    package func beginImportWork() throws {
        try db.execute("""
            PRAGMA temp.cache_size = -\(Store.importWorkCacheKiB);
            DROP TABLE IF EXISTS temp.import_ids;
            DROP TABLE IF EXISTS temp.import_records;
            DROP TABLE IF EXISTS temp.import_docs;
            DROP TABLE IF EXISTS temp.import_reassigned;
            CREATE TEMP TABLE import_reassigned (n INTEGER PRIMARY KEY, from_id TEXT NOT NULL, to_id TEXT NOT NULL);
            CREATE TEMP TABLE import_ids (id TEXT PRIMARY KEY, file TEXT NOT NULL, line INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TEMP TABLE import_records (
                ord INTEGER PRIMARY KEY, id TEXT, owned INTEGER NOT NULL, kind TEXT NOT NULL, digest BLOB NOT NULL,
                source_url TEXT NOT NULL, file TEXT NOT NULL, line INTEGER NOT NULL, decision TEXT, doc_id TEXT);
            CREATE TEMP TABLE import_docs (
                id TEXT PRIMARY KEY, kind TEXT NOT NULL, live INTEGER NOT NULL, settled INTEGER NOT NULL,
                digest BLOB NOT NULL, source_url TEXT NOT NULL, claimed INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
            """)
    }

    /// Drops the work tables. Their pages stay in the temp database's file,
    /// free, until the connection closes (for `syncnode import`, when the
    /// process ends): about 220 bytes per record.
    package func endImportWork() throws {
        try db.execute("""
            DROP TABLE IF EXISTS temp.import_ids;
            DROP TABLE IF EXISTS temp.import_records;
            DROP TABLE IF EXISTS temp.import_docs;
            DROP TABLE IF EXISTS temp.import_reassigned;
            """)
    }

    /// Runs `body` (many work-table inserts) in one transaction when none is
    /// open. Deferred: it writes only the temp database and takes no lock
    /// on the store, so serve and sync runs are not held up meanwhile.
    /// `body` must not read the store itself: its first read would hold a
    /// snapshot of the WAL to the end, which keeps checkpoints from
    /// finishing and lets the WAL grow meanwhile.
    package func inImportWorkBatch<T>(_ body: () throws -> T) throws -> T {
        db.isInTransaction ? try body() : try db.inSavepoint(body)
    }

    /// Notes that this import reads `id` at `file`:`line`. Returns where it
    /// read it before, if it did (an import names each id at most once).
    package func noteImportID(_ id: String, file: String, line: Int) throws -> (file: String, line: Int)? {
        try db.cachedStatement("INSERT INTO import_ids (id, file, line) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING")
            .execute([id, file, line])
        guard db.changes == 0 else { return nil }
        guard let first = try db.cachedStatement("SELECT file, line FROM import_ids WHERE id = ?").rows([id]).first else {
            return nil
        }
        return (try first.string(0), Int(try first.int(1)))
    }

    /// One record of the import, read in order (`ord` from 0): what matching
    /// needs of it. `owned`: its id is this node's (`DocumentOwnership`).
    package func addImportRecord(ord: Int, id: String?, owned: Bool, kind: DocumentKind, digest: [UInt8],
                                 sourceURL: String, file: String, line: Int) throws {
        try db.cachedStatement("""
            INSERT INTO import_records (ord, id, owned, kind, digest, source_url, file, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute([ord, id, owned, kind.rawValue, digest, sourceURL, file, line])
    }

    /// One stored document as matching sees it (`ImportCandidate`), with the
    /// digest of its content.
    package func addImportDocument(_ candidate: ImportCandidate, digest: [UInt8]) throws {
        try db.cachedStatement("""
            INSERT INTO import_docs (id, kind, live, settled, digest, source_url) VALUES (?, ?, ?, ?, ?, ?)
            """).execute([candidate.id, candidate.kind.rawValue, !candidate.deleted, candidate.isSettled, digest,
                          candidate.sourceURL])
    }

    /// The first record, in record order, whose id names a stored document
    /// of the other kind: where it is read, its id, its kind and the stored one.
    package func importKindClash() throws
        -> (file: String, line: Int, id: String, recordKind: DocumentKind, storedKind: DocumentKind)? {
        guard let row = try db.firstRow("""
            SELECT r.file, r.line, r.id, r.kind, d.kind FROM import_records r JOIN import_docs d ON d.id = r.id
            WHERE d.kind <> r.kind ORDER BY r.ord LIMIT 1
            """) else { return nil }
        let id = try row.string(2)
        return (try row.string(0), Int(try row.int(1)), id, try DocumentKind(stored: row.string(3), of: "import record \(id)"),
                try DocumentKind(stored: row.string(4), of: "document \(id)"))
    }

    /// Rules 1 and 2 of `ImportMatcher`: a record whose id the store has is
    /// that document (unchanged when settled and identical); one with an id
    /// of this node that the store lacks creates it under that id.
    package func matchImportRecordsByID() throws {
        try db.execute("""
            UPDATE import_records SET doc_id = d.id,
                decision = CASE WHEN d.settled AND d.digest = import_records.digest THEN 'unchanged' ELSE 'update' END
            FROM import_docs AS d WHERE d.id = import_records.id;
            UPDATE import_records SET decision = 'create', doc_id = id WHERE decision IS NULL AND owned;
            """)
        try claimMatchedImportDocuments()
    }

    /// Rule 3: each undecided record takes the first live document, in id
    /// order, of its kind with identical content that no record took yet,
    /// records in record order (the n-th record of a content takes the
    /// n-th such document). Unchanged when that document is settled.
    package func matchImportRecordsByContent() throws {
        try matchImportRecords(on: "digest", where: "1", decision: "CASE WHEN m.settled THEN 'unchanged' ELSE 'update' END")
    }

    /// Rule 4: the same by `source_url` (a non-empty one), as an update.
    package func matchImportRecordsBySourceURL() throws {
        try matchImportRecords(on: "source_url", where: "source_url <> ''", decision: "'update'")
    }

    private func matchImportRecords(on column: String, where condition: String, decision: String) throws {
        try db.execute("""
            UPDATE import_records SET decision = \(decision), doc_id = m.id
            FROM (SELECT r.ord, d.id, d.settled
                  FROM (SELECT ord, kind, \(column) AS k, row_number() OVER (PARTITION BY kind, \(column) ORDER BY ord) AS n
                        FROM import_records WHERE decision IS NULL AND \(condition)) AS r
                  JOIN (SELECT id, kind, settled, \(column) AS k, row_number() OVER (PARTITION BY kind, \(column) ORDER BY id) AS n
                        FROM import_docs WHERE live AND NOT claimed AND \(condition)) AS d
                    ON d.kind = r.kind AND d.k = r.k AND d.n = r.n) AS m
            WHERE import_records.ord = m.ord
            """)
        try claimMatchedImportDocuments()
    }

    /// Marks the documents records have taken, so that no later rule gives them to another.
    private func claimMatchedImportDocuments() throws {
        try db.execute("""
            UPDATE import_docs SET claimed = 1
            WHERE NOT claimed AND id IN (SELECT doc_id FROM import_records WHERE doc_id IS NOT NULL)
            """)
    }

    /// Notes that a record with another node's id `from` was created as
    /// `to`, in the import's write (rolled back with it).
    package func addImportReassignment(from: String, to: String) throws {
        try db.cachedStatement("INSERT INTO import_reassigned (from_id, to_id) VALUES (?, ?)").execute([from, to])
    }

    /// The reassignments noted so far, in the order they were made.
    package func forEachImportReassignment(_ body: (_ from: String, _ to: String) throws -> Void) throws {
        try db.makeStatement("SELECT from_id, to_id FROM import_reassigned ORDER BY n").forEachRow {
            try body($0.string(0), $0.string(1))
        }
    }

    /// The record at `ord` as the first read kept it, with what matching
    /// decided (nil: no such record).
    /// - Throws: `StoreError.corrupt` for a decision the rules never write.
    package func importRecordRow(ord: Int) throws -> ImportRecordRow? {
        guard let row = try db.cachedStatement("""
            SELECT id, kind, digest, file, line, decision, doc_id FROM import_records WHERE ord = ?
            """).rows([ord]).first else { return nil }
        var decision: ImportRecordRow.Decision?
        if let text = try row.optionalString(5) {
            guard let known = ImportRecordRow.Decision(rawValue: text) else {
                throw StoreError.corrupt("import matching left the decision '\(text)' for record \(ord)")
            }
            decision = known
        }
        return ImportRecordRow(id: try row.optionalString(0), kind: try DocumentKind(stored: row.string(1), of: "import record \(ord)"),
                               digest: try row.blob(2),
                               file: try row.string(3), line: Int(try row.int(4)), decision: decision,
                               documentID: try row.optionalString(6))
    }
}
