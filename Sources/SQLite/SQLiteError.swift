internal import CSQLite

/// A failed SQLite call, with the result code, SQLite's message and the SQL
/// that was running. Reads like "SQLite error 19: NOT NULL constraint failed:
/// revisions.doc_id - while executing `INSERT ...`".
package struct SQLiteError: Error, CustomStringConvertible, Equatable {
    package var code: Int32
    package var message: String
    package var sql: String?

    package init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// The primary result code (extended codes carry detail in the high bits).
    package var primaryCode: Int32 { code & 0xff }

    package var isBusy: Bool { primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED }
    package var isConstraint: Bool { primaryCode == SQLITE_CONSTRAINT }
    /// The disk (or a file size limit) is full.
    package var isFull: Bool { primaryCode == SQLITE_FULL }
    /// The operating system failed a read or write (disk error, file size limit).
    package var isIOError: Bool { primaryCode == SQLITE_IOERR }
    /// The database file is damaged (or is not a database).
    package var isCorrupt: Bool { primaryCode == SQLITE_CORRUPT || primaryCode == SQLITE_NOTADB }
    /// A read-only connection met a hot journal: a write in rollback-journal
    /// mode was cut off (its process died) and must be undone by a
    /// connection that may write before anyone reads the file.
    package var isHotJournal: Bool { code == 776 }   // SQLITE_READONLY_ROLLBACK
    /// The file cannot be written or opened (permissions, a read-only mount).
    package var isNotWritable: Bool {
        primaryCode == SQLITE_READONLY || primaryCode == SQLITE_CANTOPEN || primaryCode == SQLITE_PERM
    }

    /// The result code's name, extended where SQLite gave one
    /// (`SQLITE_CONSTRAINT_UNIQUE`, `SQLITE_IOERR_FSYNC`, ...).
    package var codeName: String {
        if let name = SQLiteError.extendedNames[code] { return name }
        let primary = SQLiteError.primaryNames[primaryCode] ?? "SQLITE_\(primaryCode)"
        return code == primaryCode ? primary : "\(primary) (extended \(code))"
    }

    package var description: String {
        var s = "SQLite error \(code) \(codeName): \(message)"
        if let sql { s += " - while executing `\(sql)`" }
        return s
    }

    static let primaryNames: [Int32: String] = [
        1: "SQLITE_ERROR", 2: "SQLITE_INTERNAL", 3: "SQLITE_PERM", 4: "SQLITE_ABORT", 5: "SQLITE_BUSY",
        6: "SQLITE_LOCKED", 7: "SQLITE_NOMEM", 8: "SQLITE_READONLY", 9: "SQLITE_INTERRUPT", 10: "SQLITE_IOERR",
        11: "SQLITE_CORRUPT", 12: "SQLITE_NOTFOUND", 13: "SQLITE_FULL", 14: "SQLITE_CANTOPEN", 15: "SQLITE_PROTOCOL",
        17: "SQLITE_SCHEMA", 18: "SQLITE_TOOBIG", 19: "SQLITE_CONSTRAINT", 20: "SQLITE_MISMATCH", 21: "SQLITE_MISUSE",
        22: "SQLITE_NOLFS", 23: "SQLITE_AUTH", 24: "SQLITE_FORMAT", 25: "SQLITE_RANGE", 26: "SQLITE_NOTADB",
    ]

    /// The extended codes this project meets (sqlite3.h, "Extended Result Codes").
    static let extendedNames: [Int32: String] = [
        261: "SQLITE_BUSY_RECOVERY", 517: "SQLITE_BUSY_SNAPSHOT", 773: "SQLITE_BUSY_TIMEOUT",
        262: "SQLITE_LOCKED_SHAREDCACHE", 264: "SQLITE_READONLY_RECOVERY", 520: "SQLITE_READONLY_CANTLOCK",
        776: "SQLITE_READONLY_ROLLBACK", 1032: "SQLITE_READONLY_DBMOVED", 266: "SQLITE_IOERR_READ",
        522: "SQLITE_IOERR_SHORT_READ", 778: "SQLITE_IOERR_WRITE", 1034: "SQLITE_IOERR_FSYNC",
        1290: "SQLITE_IOERR_DIR_FSYNC", 1546: "SQLITE_IOERR_TRUNCATE", 1802: "SQLITE_IOERR_FSTAT",
        3338: "SQLITE_IOERR_SHMOPEN", 3594: "SQLITE_IOERR_SHMSIZE", 267: "SQLITE_CORRUPT_VTAB",
        270: "SQLITE_CANTOPEN_NOTEMPDIR", 526: "SQLITE_CANTOPEN_ISDIR", 787: "SQLITE_CONSTRAINT_FOREIGNKEY",
        1299: "SQLITE_CONSTRAINT_NOTNULL", 1555: "SQLITE_CONSTRAINT_PRIMARYKEY", 275: "SQLITE_CONSTRAINT_CHECK",
        2067: "SQLITE_CONSTRAINT_UNIQUE", 531: "SQLITE_CONSTRAINT_COMMITHOOK", 1811: "SQLITE_CONSTRAINT_TRIGGER",
    ]
}
