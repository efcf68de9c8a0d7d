import SQLite

/// Counts the store keeps as it writes (migration v5), so that `stats`,
/// `status` and `list` do not count by scanning the documents table.
/// Every write of a document row or a log entry goes through these.
extension Store {
    /// The `document_counts` key of a document row.
    typealias CountKey = (deleted: Bool, kind: String, city: String)

    /// Moves one document from `old` (nil: it is new) to `new` (nil: it is removed).
    func countDocument(from old: CountKey?, to new: CountKey?) throws {
        if let o = old, let n = new, o.deleted == n.deleted, o.kind == n.kind, o.city == n.city { return }
        if let o = old { try db.cachedStatement(Store.addDocumentCountSQL).execute([o.deleted, o.kind, o.city, -1]) }
        if let n = new { try db.cachedStatement(Store.addDocumentCountSQL).execute([n.deleted, n.kind, n.city, 1]) }
    }

    /// Adds `delta` to the number of log entries.
    func countRevisions(_ delta: Int64) throws {
        try db.cachedStatement(Store.countRevisionsSQL).execute([delta])
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
        var sql = "SELECT COALESCE(SUM(n), 0) FROM document_counts WHERE 1 = 1"
        var args: [any SQLiteBindable] = []
        if !filter.includeDeleted { sql += " AND deleted = 0" }
        if let k = filter.kind { sql += " AND kind = ?"; args.append(k.rawValue) }
        if let c = filter.city { sql += " AND city = ? COLLATE NOCASE"; args.append(c) }
        return Int(try db.makeStatement(sql).rows(args).first?.int(0) ?? 0)
    }
}
