import SQLite

/// A cheap look at the change log, for a server that keeps the bytes of
/// pages it built (docs/protocol.md, section 5).
///
/// Log entries are never changed in place and a new one always gets a
/// sequence number above every number ever used (`AUTOINCREMENT`), so the
/// entries in `(after, through]` below the head can only ever *leave* (a
/// withdrawn revision, section 6): such a stretch holds the same entries as
/// before exactly when it holds as many. Likewise the whole log is the same
/// as before exactly when its head and its number of entries are. Whoever
/// writes the store (this process, a `syncnode sync` run from cron, an
/// import), this sees it.
extension Store {
    /// The log as `logWindow` sees it, read in one statement (one snapshot).
    package struct LogWindow: Sendable, Equatable {
        /// Entries with `after < seq <= through`.
        package var entries: Int
        /// The last sequence number of the log (0 when empty).
        package var head: Int64
        /// Entries in the whole log (the count the store keeps, migration v5).
        package var logEntries: Int64
    }

    /// How many log entries have `after < seq <= through`, the log's head
    /// and its number of entries.
    package func logWindow(after: Int64, through: Int64) throws -> LogWindow {
        try flushCounts()
        let row = try db.firstRow("""
            SELECT (SELECT COUNT(*) FROM revisions WHERE seq > ?1 AND seq <= ?2),
                   (SELECT COALESCE(MAX(seq), 0) FROM revisions),
                   (SELECT n FROM store_counts WHERE name = 'revisions')
            """, after, through)
        guard let row else { throw StoreError.corrupt("the change log could not be counted") }
        return LogWindow(entries: Int(try row.int(0)), head: try row.int(1), logEntries: try row.int(2))
    }
}

extension Store {
    /// Runs `body` in one read transaction, so that every statement in it
    /// reads the same snapshot of the store (WAL): a page and the counts that
    /// say what it was built from agree even while others write. `body`
    /// must not write. Inside a transaction already, `body` just runs.
    package func readingOneSnapshot<T>(_ body: () throws -> T) throws -> T {
        if db.isInTransaction { return try body() }
        try db.execute("BEGIN DEFERRED")
        do {
            let result = try body()
            try db.execute("COMMIT")
            return result
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
    }
}
