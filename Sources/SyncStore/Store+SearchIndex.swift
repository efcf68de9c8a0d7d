import SQLite

/// The full-text index over the texts the log holds (StoreSchema.v6).
extension Store {
    /// The fields the index holds, in its column order.
    static let searchableFields = ["title", "summary", "body", "abstract", "notes"]

    /// The index entry of the document at `rowID`, or nil when it has
    /// none (a deleted document is not indexed).
    func searchEntry(rowID: Int64) throws -> SearchEntry? {
        guard let row = try db.cachedStatement(Store.searchTextSQL).rows([rowID]).first else { return nil }
        // A field the document does not have reads as NULL from the view.
        return SearchEntry(rowID: rowID, texts: try (0..<Store.searchableFields.count).map { try row.optionalString($0) ?? "" })
    }

    /// The index entry of document `id`, or nil.
    func searchEntry(documentID id: String) throws -> SearchEntry? {
        guard let row = try db.firstRow("SELECT row_id FROM documents WHERE doc_id = ? AND deleted = 0", id) else { return nil }
        return try searchEntry(rowID: row.int(0))
    }

    /// Replaces a document row's entry `old` with `new` (nil: none). Inside
    /// a write the change waits in `pendingSearch` and is written in row
    /// order before COMMIT (`PendingSearchIndex` says why).
    func replaceSearchEntry(_ old: SearchEntry?, with new: SearchEntry?) throws {
        guard old != new, let rowID = old?.rowID ?? new?.rowID else { return }
        if inWriteScope {
            pendingSearch.replace(rowID: rowID, old: old, new: new)
            if pendingSearch.count >= PendingSearchIndex.limit { try flushSearchIndex() }
            return
        }
        try writeSearchChange(PendingSearchIndex.Change(indexed: old, wanted: new))
    }

    /// Writes the index changes this write has kept, in row order; before
    /// COMMIT, and whenever `PendingSearchIndex.limit` rows are pending.
    func flushSearchIndex() throws {
        guard pendingSearch.count > 0 else { return }
        for change in pendingSearch.ordered() { try writeSearchChange(change) }
        pendingSearch = PendingSearchIndex()
    }

    private func writeSearchChange(_ change: PendingSearchIndex.Change) throws {
        if let old = change.indexed { try db.cachedStatement(Store.deleteSearchTextSQL).execute([old.rowID] + old.texts) }
        if let new = change.wanted { try db.cachedStatement(Store.insertSearchTextSQL).execute([new.rowID] + new.texts) }
    }

    static let searchTextSQL = "SELECT title, summary, body, abstract, notes FROM documents_text WHERE row_id = ?"

    /// The SQLite version whose JSON functions built the index. Entries are
    /// removed with the texts the view gives back, so a SQLite whose
    /// json_extract decodes a text differently (an OS upgrade) could not
    /// remove the entries an older one made: the index is rebuilt from the
    /// log once when the version changes (`rebuildSearchIndexIfSQLiteChanged`).
    static let indexVersionKey = "fts_sqlite_version"

    /// Rebuilds the index when it was built under another SQLite version.
    /// Run when a store opens for writing; the first open after an upgrade
    /// of the system's SQLite pays for it (about 25 s at 100,000 documents),
    /// later opens one query. A store with no version recorded only records
    /// the current one: a new store's index is this SQLite's, and one made
    /// before versions were kept is assumed to be (such stores came only
    /// from development builds of 2026-12-05).
    func rebuildSearchIndexIfSQLiteChanged() throws {
        let current = try db.firstRow("SELECT sqlite_version()")?.string(0) ?? ""
        let built = try db.firstRow("SELECT value FROM node_meta WHERE key = ?", Store.indexVersionKey)?.string(0)
        guard built != current else { return }
        try db.inTransaction {
            if built != nil {
                try db.execute("INSERT INTO documents_fts (documents_fts) VALUES ('rebuild')")
            }
            try db.run("INSERT INTO node_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       Store.indexVersionKey, current)
        }
    }

    /// Runs `body` (the body of a `bulkWrite`: many new texts in one
    /// transaction) with FTS5's incremental merging of index segments off, and
    /// turns it on again before the write commits. FTS5 merges as it flushes
    /// (`automerge`, 4 by default); filling the index of 100,000 articles
    /// in one transaction, that merging cost about 1.5 s of CPU, a sixth
    /// of the import, and merging once the segments are many is cheaper.
    /// The setting lives in the index's config table, inside the write: it
    /// is never committed off, and a write that fails rolls it back; this
    /// connection's own copy of it is set back on either way. (A pull's
    /// catch-up commits every second; measured there, the merging moved to
    /// its commits and wrote more, so it keeps merging on.)
    func withSearchIndexMergesPaused<T>(in _: WriteScope, _ body: () throws -> T) throws -> T {
        try withSetting({ try db.run(Store.searchIndexMergingSQL, 0) },
                        reset: { try db.run(Store.searchIndexMergingSQL, Store.searchIndexMergeThreshold) }, body)
    }

    static let searchIndexMergingSQL = "INSERT INTO documents_fts (documents_fts, rank) VALUES ('automerge', ?)"
    /// FTS5's default `automerge`, which the store otherwise keeps.
    static let searchIndexMergeThreshold = 4

    /// A live document's text entering the full-text index.
    package static let insertSearchTextSQL =
        "INSERT INTO documents_fts (rowid, title, summary, body, abstract, notes) VALUES (?, ?, ?, ?, ?, ?)"

    /// The same texts leaving it.
    package static let deleteSearchTextSQL =
        "INSERT INTO documents_fts (documents_fts, rowid, title, summary, body, abstract, notes) VALUES ('delete', ?, ?, ?, ?, ?, ?)"
}
