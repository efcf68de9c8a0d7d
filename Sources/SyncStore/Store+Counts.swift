import SQLite

/// Counts the store keeps as it writes (migration v5), so that `stats`,
/// `status` and `list` do not count by scanning the documents table.
/// Every write of a document row or a log entry goes through these.
extension Store {
    /// The `document_counts` key of a document row.
    typealias CountKey = PendingCounts.Key

    /// Moves one document from `old` (nil: it is new) to `new` (nil: it is removed).
    /// Inside a write the change is added up in memory (`PendingCounts`).
    func countDocument(from old: CountKey?, to new: CountKey?) throws {
        if let o = old, let n = new, o == n { return }
        if inWriteScope {
            if let o = old { pendingCounts.documents[o, default: 0] -= 1 }
            if let n = new { pendingCounts.documents[n, default: 0] += 1 }
            return
        }
        if let o = old { try db.cachedStatement(Store.addDocumentCountSQL).execute([o.deleted, o.kind, o.city, -1]) }
        if let n = new { try db.cachedStatement(Store.addDocumentCountSQL).execute([n.deleted, n.kind, n.city, 1]) }
    }

    /// Adds `delta` to the number of log entries (in memory inside a write).
    func countRevisions(_ delta: Int64) throws {
        if inWriteScope {
            pendingCounts.revisions += delta
            return
        }
        try db.cachedStatement(Store.countRevisionsSQL).execute([delta])
    }

    /// Writes the counts this write has added up; before COMMIT, and before
    /// anything in the write reads a count.
    func flushCounts() throws {
        guard !pendingCounts.isEmpty else { return }
        if pendingCounts.revisions != 0 {
            try db.cachedStatement(Store.countRevisionsSQL).execute([pendingCounts.revisions])
        }
        for (key, n) in pendingCounts.documents where n != 0 {
            try db.cachedStatement(Store.addDocumentCountSQL).execute([key.deleted, key.kind, key.city, n])
        }
        pendingCounts = PendingCounts()
    }

    /// Adds its argument to the number of log entries (also the benchmark floor's).
    package static let countRevisionsSQL = "UPDATE store_counts SET n = n + ? WHERE name = 'revisions'"

    /// Adds `n` to the documents of one (deleted, kind, city) (also the benchmark floor's).
    package static let addDocumentCountSQL = """
        INSERT INTO document_counts (deleted, kind, city, n) VALUES (?, ?, ?, ?)
        ON CONFLICT (deleted, kind, city) DO UPDATE SET n = n + excluded.n
        """

    /// The number of documents matching `filter` from the kept counts, or
    /// nil when the filter has a condition the counts do not cover.
    func keptCount(_ filter: ListFilter) throws -> Int? {
        guard filter.category == nil, filter.tag == nil, filter.since == nil else { return nil }
        try flushCounts()
        var sql = "SELECT COALESCE(SUM(n), 0) FROM document_counts WHERE 1 = 1"
        var args: [any SQLiteBindable] = []
        if !filter.includeDeleted { sql += " AND deleted = 0" }
        if let k = filter.kind { sql += " AND kind = ?"; args.append(k.rawValue) }
        if let c = filter.city { sql += " AND city = ? COLLATE NOCASE"; args.append(c) }
        return Int(try db.makeStatement(sql).rows(args).first?.int(0) ?? 0)
    }
}
