import SQLite

/// A failure of the store's file or of SQLite itself (not of the data it
/// holds), sorted into what an operator can act on. The node uses it to tell
/// its own failures (disk full, I/O, damage, permissions, a busy lock) from
/// a peer's fault, and to say what to do, without knowing SQLite.
package struct StoreFailure: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        /// Another connection held the lock past the busy timeout.
        case busy
        /// The file or its directory may not be written (permissions, a read-only mount).
        case notWritable
        /// The operating system failed a read or a write.
        case ioError
        /// The file is damaged, or is not a database.
        case corrupt
        /// The disk (or a file size limit) is full.
        case full
        /// Anything else SQLite reported.
        case other
    }

    package var kind: Kind
    /// SQLite's (extended) result code and its name, e.g. 1034 `SQLITE_IOERR_FSYNC`.
    package var code: Int32
    package var codeName: String
    /// SQLite's own words.
    package var message: String

    /// `error` classified, when it is a failure of SQLite (nil for any
    /// other error, `StoreError` included). The SQL that was running is
    /// left out: it says nothing to an operator.
    package init?(_ error: any Error) {
        guard let e = error as? SQLiteError else { return nil }
        if e.isFull { kind = .full }
        else if e.isIOError { kind = .ioError }
        else if e.isCorrupt { kind = .corrupt }
        else if e.isNotWritable { kind = .notWritable }
        else if e.isBusy { kind = .busy }
        else { kind = .other }
        (code, codeName, message) = (e.code, e.codeName, e.message)
    }

    package var description: String { "SQLite error \(code) \(codeName): \(message)" }
}
