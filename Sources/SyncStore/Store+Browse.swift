import SQLite

/// Read-only queries for the web view: filter choices and the newest change.
extension Store {
    /// The distinct values of `city` or `category` among live documents, with
    /// counts, sorted case-insensitively; at most `limit` of them.
    package func facetCounts(_ column: String, limit: Int = 200) throws -> [(name: String, count: Int)] {
        guard column == "city" || column == "category" else { throw StoreError.invalid("no facet '\(column)'") }
        return try db.rows("""
            SELECT MIN(\(column)), COUNT(*) FROM documents WHERE deleted = 0 AND \(column) != ''
            GROUP BY \(column) COLLATE NOCASE ORDER BY \(column) COLLATE NOCASE LIMIT ?
            """, limit).map { (name: try $0.string(0), count: Int(try $0.int(1))) }
    }

    /// The change log's last entry: its sequence number and when this node
    /// received it (milliseconds); (0, nil) for an empty store.
    package func lastChange() throws -> (seq: Int64, receivedAt: UInt64?) {
        guard let row = try db.firstRow("SELECT seq, received_at FROM revisions ORDER BY seq DESC LIMIT 1") else {
            return (0, nil)
        }
        return (try row.int(0), UInt64(try row.int(1)))
    }
}
