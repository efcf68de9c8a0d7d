import SQLite

/// A cheap look at a stretch of the change log, for a server that keeps the
/// bytes of closed pages (docs/protocol.md, section 5).
///
/// Log entries are never changed in place and new ones always get a
/// sequence number above every number ever used (`AUTOINCREMENT`), so the
/// entries in `(after, through]` can only ever *leave* (a withdrawn
/// revision, section 6): the stretch holds the same entries as before
/// exactly when it holds as many. Whoever writes the store (this process, a
/// `syncnode sync` run from cron, an import), this sees it.
extension Store {
    /// How many log entries have `after < seq <= through`, and the last
    /// sequence number of the log (0 when empty), read in one statement (one
    /// snapshot).
    public func logWindow(after: Int64, through: Int64) throws -> (entries: Int, head: Int64) {
        let row = try db.firstRow("""
            SELECT (SELECT COUNT(*) FROM revisions WHERE seq > ?1 AND seq <= ?2),
                   (SELECT COALESCE(MAX(seq), 0) FROM revisions)
            """, after, through)
        return (Int(row?.int(0) ?? 0), row?.int(1) ?? 0)
    }
}
