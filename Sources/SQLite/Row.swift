internal import CSQLite

/// One result row, copied out of the statement.
///
/// The accessors are typed and strict, as GRDB's are: `int`, `string`,
/// `double`, `blob` and `bool` throw on NULL or on another storage class
/// instead of answering 0, "" or [] (which would hide a damaged file or a
/// query that reads the wrong column). A nullable column is read with the
/// `optional...` variant, which answers nil for NULL only.
package struct Row: Sendable {
    package let values: [SQLiteValue]
    /// The result's column names (shared by every row of a statement).
    package let columnNames: [String]
    /// The statement that produced the row, for error messages.
    package let sql: String?

    init(values: [SQLiteValue], columnNames: [String] = [], sql: String? = nil) {
        self.values = values
        self.columnNames = columnNames
        self.sql = sql
    }

    package subscript(i: Int) -> SQLiteValue { values[i] }

    /// An INTEGER column.
    /// - Throws: `SQLiteError` (`SQLITE_MISMATCH`) on NULL or another storage class.
    package func int(_ i: Int) throws -> Int64 {
        guard let v = try optionalInt(i) else { throw null(i, expected: "INTEGER", optional: "optionalInt") }
        return v
    }

    /// A nullable INTEGER column: nil for NULL.
    package func optionalInt(_ i: Int) throws -> Int64? {
        switch try value(i) {
        case .integer(let v): return v
        case .null: return nil
        case let other: throw mismatch(i, expected: "INTEGER", found: other)
        }
    }

    /// An INTEGER column holding a flag (0 is false, anything else true).
    package func bool(_ i: Int) throws -> Bool {
        try int(i) != 0
    }

    /// A TEXT column.
    package func string(_ i: Int) throws -> String {
        guard let v = try optionalString(i) else { throw null(i, expected: "TEXT", optional: "optionalString") }
        return v
    }

    /// A nullable TEXT column: nil for NULL.
    package func optionalString(_ i: Int) throws -> String? {
        switch try value(i) {
        case .text(let s): return s
        case .null: return nil
        case let other: throw mismatch(i, expected: "TEXT", found: other)
        }
    }

    /// A REAL column (an INTEGER is widened: SQLite stores a whole REAL
    /// value as an integer in some expressions).
    package func double(_ i: Int) throws -> Double {
        guard let v = try optionalDouble(i) else { throw null(i, expected: "REAL", optional: "optionalDouble") }
        return v
    }

    /// A nullable REAL column: nil for NULL.
    package func optionalDouble(_ i: Int) throws -> Double? {
        switch try value(i) {
        case .real(let d): return d
        case .integer(let v): return Double(v)
        case .null: return nil
        case let other: throw mismatch(i, expected: "REAL", found: other)
        }
    }

    /// A BLOB column.
    package func blob(_ i: Int) throws -> [UInt8] {
        guard let v = try optionalBlob(i) else { throw null(i, expected: "BLOB", optional: "optionalBlob") }
        return v
    }

    /// A nullable BLOB column: nil for NULL.
    package func optionalBlob(_ i: Int) throws -> [UInt8]? {
        switch try value(i) {
        case .blob(let b): return b
        case .null: return nil
        case let other: throw mismatch(i, expected: "BLOB", found: other)
        }
    }

    private func value(_ i: Int) throws -> SQLiteValue {
        guard values.indices.contains(i) else {
            throw SQLiteError(code: SQLITE_RANGE, message: "column \(i) read from a row of \(values.count) columns", sql: sql)
        }
        return values[i]
    }

    /// "column 2 (last_error)", or "column 2" when the name is not known.
    private func column(_ i: Int) -> String {
        columnNames.indices.contains(i) ? "column \(i) (\(columnNames[i]))" : "column \(i)"
    }

    private func null(_ i: Int, expected: String, optional: String) -> SQLiteError {
        SQLiteError(code: SQLITE_MISMATCH,
                    message: "\(column(i)) is NULL where \(expected) was expected: read a nullable column with `\(optional)`",
                    sql: sql)
    }

    private func mismatch(_ i: Int, expected: String, found: SQLiteValue) -> SQLiteError {
        SQLiteError(code: SQLITE_MISMATCH,
                    message: "\(column(i)) holds \(found.storageClass) where \(expected) was expected: the query reads the wrong column, or the file was changed outside this program",
                    sql: sql)
    }
}
