import SQLite

extension Store {
    /// Reads the database file through a memory map of up to `bytes`
    /// (SQLite's `mmap_size`) instead of `pread` into this connection's
    /// page cache. For a long-lived connection that reads while others
    /// write (the server's pool): in WAL mode every commit by another
    /// connection empties this one's page cache, and mapped pages are
    /// read again without a system call or a copy. Pages still in the WAL
    /// are read as before. Best effort: SQLite may map less or nothing.
    package func mapDatabaseFile(upTo bytes: Int) throws {
        try db.execute("PRAGMA mmap_size = \(max(0, bytes))")
    }
}
