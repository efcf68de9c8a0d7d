internal import CSQLite

typealias SQLiteConnectionHandle = OpaquePointer

/// One SQLite connection. Not Sendable: use it from one thread at a time
/// (each thread or process opens its own).
package final class Connection {
    package enum Mode: Sendable {
        /// Opens an existing database for reading only; never writes.
        case readOnly
        /// Opens an existing database for reading and writing.
        case readWrite
        /// Opens or creates.
        case create
        /// Reads an existing database that nothing may change while it is
        /// open (SQLite's `immutable=1`): no lock, no `-shm` or `-wal` file is
        /// created or read. For a store on a read-only mount or in a home
        /// this user may not write, where `readOnly` cannot even read.
        case immutable
    }

    let handle: SQLiteConnectionHandle
    package let path: String
    private var statementCache: [String: Statement] = [:]

    /// SQLite's process-wide settings, made once before the first connection
    /// (SQLite allows them only before it initializes). Memory statistics
    /// off: a mutex per allocation, for counters nothing reads. SQLITE_MISUSE
    /// means SQLite was initialized before this ran (by other code in the
    /// process): it then keeps its defaults, which are only slower.
    private static let processSettings: Int32 = csqlite_disable_memstatus()

    /// - Throws: `SQLiteError` naming the path when the file cannot be opened.
    /// The lock wait of a new connection: a writer's transaction is kept well under it.
    package static let defaultBusyTimeoutMillis: Int32 = 5_000

    package init(path: String, mode: Mode = .create, busyTimeoutMillis: Int32 = Connection.defaultBusyTimeoutMillis) throws {
        let src = Connection.processSettings
        guard src == SQLITE_OK || src == SQLITE_MISUSE else {
            throw SQLiteError(code: src, message: "could not configure SQLite before its first connection (opening \(path))")
        }
        var db: SQLiteConnectionHandle?
        let flags: Int32
        switch mode {
        case .readOnly: flags = SQLITE_OPEN_READONLY
        case .readWrite: flags = SQLITE_OPEN_READWRITE
        case .create: flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .immutable: flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI
        }
        let name = mode == .immutable ? Connection.immutableURI(path) : path
        let rc = sqlite3_open_v2(name, &db, flags | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let db else {
            // The extended code says why (SQLITE_CANTOPEN_ISDIR, ...) where SQLite knows.
            let msg = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            let code = db.map { sqlite3_extended_errcode($0) } ?? rc
            sqlite3_close_v2(db)
            throw SQLiteError(code: code != 0 ? code : rc, message: "\(msg) (opening \(path))")
        }
        self.handle = db
        self.path = path
        let brc = sqlite3_busy_timeout(db, busyTimeoutMillis)
        guard brc == SQLITE_OK else {
            let err = Connection.error(db, code: brc, sql: nil)
            sqlite3_close_v2(db)
            throw err
        }
        let drc = csqlite_enable_defensive(db)
        guard drc == SQLITE_OK else {
            let err = Connection.error(db, code: drc, sql: nil)
            sqlite3_close_v2(db)
            throw err
        }
    }

    /// How long a statement waits for another connection's lock before it
    /// fails with SQLITE_BUSY (0: it fails at once).
    package func setBusyTimeout(milliseconds: Int32) throws {
        let rc = sqlite3_busy_timeout(handle, milliseconds)
        guard rc == SQLITE_OK else { throw error(code: rc, sql: nil) }
    }

    /// Runs `body` with the busy timeout set to `milliseconds`, then sets
    /// the default (`defaultBusyTimeoutMillis`) back.
    package func withBusyTimeout<T>(milliseconds: Int32, _ body: () throws -> T) throws -> T {
        try setBusyTimeout(milliseconds: milliseconds)
        defer { try? setBusyTimeout(milliseconds: Connection.defaultBusyTimeoutMillis) }
        return try body()
    }

    /// `file:` URI of `path` with `immutable=1` (RFC 3986 escapes for the
    /// characters a URI path may not hold as they are).
    static func immutableURI(_ path: String) -> String {
        var escaped = ""
        for byte in path.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if byte < 0x80, c.isLetter || c.isNumber || "/-._~".contains(c) { escaped.append(c) }
            else { escaped += (byte < 16 ? "%0" : "%") + String(byte, radix: 16, uppercase: true) }
        }
        return "file:" + escaped + "?immutable=1"
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    func error(code: Int32, sql: String?) -> SQLiteError {
        Connection.error(handle, code: code, sql: sql)
    }

    static func error(_ handle: SQLiteConnectionHandle, code: Int32, sql: String?) -> SQLiteError {
        let ext = sqlite3_extended_errcode(handle)
        return SQLiteError(code: ext != 0 ? ext : code, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements that return no rows.
    package func execute(_ sql: String) throws {
        let rc = sqlite3_exec(handle, sql, nil, nil, nil)
        guard rc == SQLITE_OK else { throw error(code: rc, sql: sql) }
    }

    /// A new prepared statement.
    package func makeStatement(_ sql: String) throws -> Statement {
        try Statement(connection: self, sql: sql)
    }

    /// A prepared statement kept for reuse by this connection (hot paths).
    package func cachedStatement(_ sql: String) throws -> Statement {
        if let s = statementCache[sql] { return s }
        let s = try Statement(connection: self, sql: sql, retainsConnection: false)
        statementCache[sql] = s
        return s
    }

    /// Runs `sql` with `values` bound, returning no rows.
    package func run(_ sql: String, _ values: any SQLiteBindable...) throws {
        try cachedStatement(sql).execute(values)
    }

    /// All rows of `sql` with `values` bound.
    package func rows(_ sql: String, _ values: any SQLiteBindable...) throws -> [Row] {
        try cachedStatement(sql).rows(values)
    }

    /// The first row, or nil.
    package func firstRow(_ sql: String, _ values: any SQLiteBindable...) throws -> Row? {
        let s = try cachedStatement(sql)
        try s.bind(values)
        let row = try s.step() ? s.currentRow() : nil
        try s.reset()  // releases read locks
        return row
    }

    package var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    package var changes: Int { Int(sqlite3_changes(handle)) }
    package var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// Runs `body` in a transaction (BEGIN IMMEDIATE: takes the write lock up
    /// front, so two writers never deadlock). Commits if `body` returns,
    /// rolls back if it throws; the first error wins.
    package func inTransaction<T>(_ body: () throws -> T) throws -> T {
        try scoped(begin: "BEGIN IMMEDIATE", commit: "COMMIT", rollback: ["ROLLBACK"], body)
    }

    /// Runs `begin`, then `body`, then `commit`; when `body` or `commit`
    /// throws, runs `rollback` and rethrows that first error (a failed
    /// rollback does not hide it).
    private func scoped<T>(begin: String, commit: String, rollback: [String], _ body: () throws -> T) throws -> T {
        try execute(begin)
        do {
            let result = try body()
            try execute(commit)
            return result
        } catch {
            for sql in rollback { try? execute(sql) }
            throw error
        }
    }

    /// How many `inSavepoint` bodies are running, for unique savepoint names.
    private var savepointDepth = 0

    /// Runs `body` in a savepoint, which nests inside a transaction (or
    /// another savepoint): if `body` throws, only its own writes are rolled
    /// back and the enclosing transaction goes on as it was; if it returns,
    /// its writes become part of the enclosing transaction (committed or
    /// rolled back with it). Outside a transaction, a savepoint is a
    /// transaction of its own (a deferred one: prefer `inTransaction` there).
    /// The first error wins over a failed rollback.
    package func inSavepoint<T>(_ body: () throws -> T) throws -> T {
        let name = "nested_\(savepointDepth + 1)"
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        // ROLLBACK TO undoes the savepoint's writes but keeps it open;
        // RELEASE then closes it. Both fail only when SQLite already rolled
        // the whole transaction back (e.g. SQLITE_FULL), which the caller
        // learns from the error and from `isInTransaction`.
        return try scoped(begin: "SAVEPOINT \(name)", commit: "RELEASE \(name)",
                          rollback: ["ROLLBACK TO \(name)", "RELEASE \(name)"], body)
    }

    /// Copies this database into a new file with SQLite's online backup API
    /// (safe while other connections write).
    package func backup(to path: String) throws {
        let dest = try Connection(path: path, mode: .create)
        guard let b = sqlite3_backup_init(dest.handle, "main", handle, "main") else {
            throw dest.error(code: sqlite3_errcode(dest.handle), sql: nil)
        }
        var rc: Int32
        var busyWaits = 0
        repeat {
            rc = sqlite3_backup_step(b, 256)
            if rc == SQLITE_BUSY || rc == SQLITE_LOCKED {
                busyWaits += 1
                if busyWaits > 3_000 { break }  // about a minute of a writer holding the lock
                sqlite3_sleep(20)
            }
        } while rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED
        let frc = sqlite3_backup_finish(b)
        guard rc == SQLITE_DONE, frc == SQLITE_OK else {
            throw SQLiteError(code: rc == SQLITE_DONE ? frc : rc, message: "online backup to \(path) failed")
        }
    }
}

@available(*, unavailable)
extension Connection: Sendable {}
