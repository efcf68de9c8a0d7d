import CSQLite

/// A failed SQLite call, with the result code, SQLite's message and the SQL
/// that was running. Reads like "SQLite error 19: NOT NULL constraint failed:
/// revisions.doc_id - while executing `INSERT ...`".
public struct SQLiteError: Error, CustomStringConvertible, Equatable {
    public var code: Int32
    public var message: String
    public var sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (extended codes carry detail in the high bits).
    public var primaryCode: Int32 { code & 0xff }

    public var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    public var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }
    /// The disk (or a file size limit) is full.
    public var isFull: Bool { primaryCode == SQLITE_FULL }
    /// The operating system failed a read or write (disk error, file size limit).
    public var isIOError: Bool { primaryCode == SQLITE_IOERR }
    /// The database file is damaged (or is not a database).
    public var isCorrupt: Bool { primaryCode == SQLITE_CORRUPT || primaryCode == SQLITE_NOTADB }
    /// The file cannot be written or opened (permissions, a read-only mount).
    public var isNotWritable: Bool {
        primaryCode == SQLITE_READONLY || primaryCode == SQLITE_CANTOPEN || primaryCode == SQLITE_PERM
    }

    public var description: String {
        var s = "SQLite error \(code): \(message)"
        if let sql { s += " - while executing `\(sql)`" }
        return s
    }
}
