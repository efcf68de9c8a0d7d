import FoundationEssentials
import SQLite

/// A new node's first load through SQLite's rollback journal instead of the WAL.
///
/// In WAL mode every page of a bulk load is written twice: into the WAL,
/// then by the checkpoint into the database file. In rollback-journal mode
/// SQLite journals only the pages the file held before the transaction;
/// pages it adds are written once, into the file. Into an empty store that
/// is nearly every page: measured on 100,000 articles, an import wrote
/// 1.2 GB instead of 2.4 GB and took about 30% less time (kernel time 3 s
/// less). It stays one atomic, durable transaction: if the process dies,
/// the next connection that may write rolls the journal back, and the
/// store is as it was before the import.
///
/// The price is for other processes during that write: in rollback mode
/// readers and the writer wait for each other's locks instead of reading
/// the last commit beside it (up to the 5 s busy timeout, then a clear
/// "busy" error). A reader can wait for a commit; a first pull's commit
/// can wait for a reader, and a read longer than 5 s (an `export` into a
/// slow pipe) fails that pull: its committed pages are kept and the next
/// pull resumes, in WAL mode. So the switch is made only into a store that
/// holds no documents (nothing to read at first) and only when no other
/// connection has the store open (`serve` running keeps its connections
/// open: the load then takes the WAL path, as any other write; `serve`
/// started meanwhile switches the store back to WAL, and the load goes on
/// in WAL mode). Every read-write open puts the store in WAL mode again
/// (`configure`), so a process that dies between the commit and the
/// switch back leaves nothing to do by hand.
extension Store {
    /// What `withRollbackJournalIfFirstLoad` found and chose.
    package enum Load: Equatable, Sendable {
        /// The store held documents: an ordinary write, through the WAL.
        case notFirst
        /// A first load through the WAL (another connection had the store open).
        case firstThroughWAL
        /// A first load through the rollback journal.
        case firstThroughRollbackJournal

        package var isFirst: Bool { self != .notFirst }
    }

    /// Runs `body` (outside any transaction) with the rollback journal when
    /// the store holds no documents and this is its only connection; with
    /// the WAL otherwise.
    /// - Parameter body: told whether the store held no documents and which
    ///   journal the load got, so that it need not ask again.
    package func withRollbackJournalIfFirstLoad<T>(_ body: (Load) throws -> T) throws -> T {
        guard try !holdsDocuments() else { return try body(.notFirst) }
        guard !db.isInTransaction, leaveWALAtOnce() else { return try body(.firstThroughWAL) }
        // FULL: in rollback mode NORMAL may leave a store damaged by a power
        // cut on some file systems (sqlite.org/pragma.html#pragma_synchronous).
        try? db.execute("PRAGMA synchronous = FULL")
        defer {
            // Without waiting: if another connection holds the store now, the
            // next read-write open switches it back (`configure`).
            _ = try? db.withBusyTimeout(milliseconds: 0) { try db.execute("PRAGMA journal_mode = WAL") }
            _ = try? db.execute("PRAGMA synchronous = NORMAL")
        }
        return try body(.firstThroughRollbackJournal)
    }

    /// The journal mode of the store's file as this connection sees it
    /// ("wal", "delete").
    package func journalMode() throws -> String {
        try db.firstRow("PRAGMA journal_mode")?.string(0) ?? ""
    }

    /// Leaves WAL mode if no other connection has the store open, without
    /// waiting for one that has: SQLite refuses the switch then (busy).
    private func leaveWALAtOnce() -> Bool {
        do {
            return try db.withBusyTimeout(milliseconds: 0) {
                try db.firstRow("PRAGMA journal_mode = DELETE")?.string(0) == "delete"
            }
        } catch {
            return false   // busy, or any failure: the WAL path, which reports real errors itself
        }
    }

    /// Undoes a write that a dead process left in the store's rollback
    /// journal (a first load cut off): SQLite rolls a hot journal back on
    /// the first read of a connection that may write. A read-only
    /// connection cannot, and must not read the file until it is done.
    /// - Throws: `StoreError.invalid` saying what to run when this user may
    ///   not write the store.
    static func rollBackInterruptedWrite(at path: String) throws {
        do {
            let db = try Connection(path: path, mode: .readWrite)
            _ = try db.firstRow("SELECT count(*) FROM sqlite_schema")
        } catch let e as SQLiteError where e.isNotWritable {
            throw StoreError.invalid("""
                the store at \(path) holds a write that was cut off (\(path)-journal: a first import or pull, or a \
                `migrate --compact`, whose process died); \
                it must be rolled back before the store can be read, and this user may not write it. \
                Run `syncnode migrate` once as the store's owner: that rolls it back, and the store is as it was before that write
                """)
        }
    }

    /// Whether a rollback journal lies beside `path`: an interrupted write
    /// (or one in progress), which a reader that ignores locks must not skip.
    static func hasJournal(_ path: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "-journal")
    }
}
