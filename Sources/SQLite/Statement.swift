internal import CSQLite

typealias SQLiteStatementHandle = OpaquePointer

/// A prepared statement. Finalized in deinit; not Sendable (it belongs to
/// its connection's thread).
package final class Statement {
    let handle: SQLiteStatementHandle
    /// The connection's handle, for error messages.
    let connectionHandle: SQLiteConnectionHandle
    /// Keeps the connection open while a caller holds this statement. Nil for
    /// the connection's own cached statements: a strong reference back would
    /// be a cycle, and the connection would never close. (sqlite3_close_v2
    /// keeps the handle valid until the last statement is finalized.)
    private let owner: Connection?
    package let sql: String

    init(connection: Connection, sql: String, retainsConnection: Bool = true) throws {
        var stmt: SQLiteStatementHandle?
        var trailing = ""
        let rc = sql.withCString { start in
            var tail: UnsafePointer<CChar>?
            let rc = sqlite3_prepare_v2(connection.handle, start, -1, &stmt, &tail)
            if let tail { trailing = String(cString: tail) }
            return rc
        }
        guard rc == SQLITE_OK, let stmt else {
            sqlite3_finalize(stmt)
            throw connection.error(code: rc, sql: sql)
        }
        // One statement per Statement: SQL after the first would be silently
        // ignored (a multi-statement string belongs to `Connection.execute`).
        guard trailing.allSatisfy({ $0.isWhitespace || $0 == ";" }) else {
            sqlite3_finalize(stmt)
            throw SQLiteError(code: SQLITE_MISUSE, message: "trailing SQL after the first statement: `\(trailing.drop(while: { $0.isWhitespace }).prefix(80))`", sql: sql)
        }
        self.handle = stmt
        self.connectionHandle = connection.handle
        self.owner = retainsConnection ? connection : nil
        self.sql = sql
    }

    deinit { sqlite3_finalize(handle) }

    /// Resets the statement and binds `values` to parameters 1...n.
    /// - Throws: when `values` does not match the statement's parameters in
    ///   number (a missing value would silently be NULL).
    package func bind(_ values: [any SQLiteBindable]) throws {
        try reset()
        try check(sqlite3_clear_bindings(handle))
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard values.count == expected else {
            throw SQLiteError(code: SQLITE_RANGE, message: "\(values.count) values given for \(expected) parameters", sql: sql)
        }
        for (i, v) in values.enumerated() {
            try bind(v.sqliteValue, at: Int32(i + 1))
        }
    }

    private func bind(_ value: SQLiteValue, at index: Int32) throws {
        let rc: Int32
        switch value {
        case .null: rc = sqlite3_bind_null(handle, index)
        case .integer(let i): rc = sqlite3_bind_int64(handle, index, i)
        case .real(let d): rc = sqlite3_bind_double(handle, index, d)
        case .text(let s):
            // With the byte count, not -1: text may hold NUL characters.
            var s = s
            rc = s.withUTF8 { utf8 in
                utf8.withMemoryRebound(to: CChar.self) { buf in
                    guard let base = buf.baseAddress, !buf.isEmpty else {
                        return sqlite3_bind_text(handle, index, "", 0, csqlite_transient())
                    }
                    return sqlite3_bind_text(handle, index, base, Int32(buf.count), csqlite_transient())
                }
            }
        case .blob(let b):
            rc = b.withUnsafeBytes { buf in
                sqlite3_bind_blob(handle, index, buf.baseAddress, Int32(buf.count), csqlite_transient())
            }
        }
        try check(rc)
    }

    /// Resets the statement (releasing its read locks), keeping its bindings.
    package func reset() throws {
        try check(sqlite3_reset(handle))
    }

    /// Advances to the next row; false when done.
    @discardableResult
    package func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            sqlite3_reset(handle)
            throw Connection.error(connectionHandle, code: rc, sql: sql)
        }
    }

    /// Runs to completion with `values` bound.
    package func execute(_ values: [any SQLiteBindable]) throws {
        try bind(values)
        while try step() {}
    }

    /// All rows produced with `values` bound.
    package func rows(_ values: [any SQLiteBindable] = []) throws -> [Row] {
        try bind(values)
        var out: [Row] = []
        while try step() { out.append(currentRow()) }
        return out
    }

    /// Calls `body` for each row without collecting them.
    package func forEachRow(_ values: [any SQLiteBindable] = [], _ body: (Row) throws -> Void) throws {
        try bind(values)
        while try step() { try body(currentRow()) }
    }

    func currentRow() -> Row {
        let n = sqlite3_column_count(handle)
        var values: [SQLiteValue] = []
        values.reserveCapacity(Int(n))
        for i in 0..<n { values.append(column(i)) }
        return Row(values: values, columnNames: columnNames(count: n), sql: sql)
    }

    /// The result's column names, read once (a schema change that makes
    /// SQLite prepare the statement again may change their number).
    private var cachedColumnNames: [String] = []

    private func columnNames(count n: Int32) -> [String] {
        if cachedColumnNames.count != Int(n) {
            cachedColumnNames = (0..<n).map { i in sqlite3_column_name(handle, i).map { String(cString: $0) } ?? "" }
        }
        return cachedColumnNames
    }

    private func column(_ i: Int32) -> SQLiteValue {
        switch sqlite3_column_type(handle, i) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, i))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, i))
        case SQLITE_TEXT:
            guard let p = sqlite3_column_text(handle, i) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, i))
            return .text(String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(handle, i))
            guard count > 0, let p = sqlite3_column_blob(handle, i) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: count)))
        default: return .null
        }
    }

    private func check(_ rc: Int32) throws {
        guard rc == SQLITE_OK else { throw Connection.error(connectionHandle, code: rc, sql: sql) }
    }
}

@available(*, unavailable)
extension Statement: Sendable {}
