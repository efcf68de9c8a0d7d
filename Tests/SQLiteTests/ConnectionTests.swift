import Foundation
import XCTest
@testable import SQLite

/// SQLite result codes the tests expect (from sqlite3.h).
enum ResultCode {
    static let error: Int32 = 1
    static let busy: Int32 = 5
    static let readOnly: Int32 = 8
    static let cantOpen: Int32 = 14
    static let constraint: Int32 = 19
    static let constraintNotNull: Int32 = 1299  // SQLITE_CONSTRAINT | (5 << 8)
    static let constraintUnique: Int32 = 2067   // SQLITE_CONSTRAINT | (8 << 8)
    static let mismatch: Int32 = 20
    static let range: Int32 = 25
}

final class ConnectionTests: SQLiteTestCase {
    // MARK: opening

    func testCreateModeCreatesTheFileAndReadWriteReopensIt() throws {
        XCTAssertFalse(exists("a.sqlite"))
        do {
            let db = try Connection(path: path("a.sqlite"), mode: .create)
            try db.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (42)")
            XCTAssertEqual(db.path, path("a.sqlite"))
        }
        XCTAssertTrue(exists("a.sqlite"))
        let again = try Connection(path: path("a.sqlite"), mode: .readWrite)
        XCTAssertEqual(try again.firstRow("SELECT x FROM t")?.int(0), 42)
    }

    func testOpeningAMissingFileWithoutCreateFailsNamingThePath() throws {
        for mode in [Connection.Mode.readWrite, .readOnly] {
            XCTAssertThrowsError(try Connection(path: path("missing.sqlite"), mode: mode), "\(mode)") { error in
                guard let e = error as? SQLiteError else { return XCTFail("not an SQLiteError: \(error)") }
                XCTAssertEqual(e.primaryCode, ResultCode.cantOpen)
                XCTAssertTrue(e.codeName.hasPrefix("SQLITE_CANTOPEN"), e.codeName)
                XCTAssertTrue(e.description.contains(e.codeName), e.description)
                XCTAssertTrue(e.message.contains(self.path("missing.sqlite")), e.message)
            }
            XCTAssertFalse(exists("missing.sqlite"), "a failed open must not create the file")
        }
    }

    func testReadOnlyConnectionReadsButRefusesWrites() throws {
        do {
            let db = try Connection(path: path("ro.sqlite"))
            try db.execute("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept')")
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: path("ro.sqlite")))
        let ro = try Connection(path: path("ro.sqlite"), mode: .readOnly)
        XCTAssertEqual(try ro.rows("SELECT x FROM t").map { try $0.string(0) }, ["kept"])
        for sql in ["INSERT INTO t VALUES ('new')", "UPDATE t SET x = 'changed'", "CREATE TABLE u (y)"] {
            XCTAssertThrowsError(try ro.execute(sql), sql) { error in
                XCTAssertEqual((error as? SQLiteError)?.primaryCode, ResultCode.readOnly, "\(error)")
            }
        }
        XCTAssertEqual(try ro.rows("SELECT x FROM t").map { try $0.string(0) }, ["kept"])
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path("ro.sqlite"))), before)
    }

    /// A connection must close when the last reference goes: its cached
    /// statements must not keep it alive (a reference cycle would leak the
    /// handle and leave the WAL file behind after every run).
    func testConnectionClosesWhenReleasedEvenWithCachedStatements() throws {
        weak var weakConnection: Connection?
        do {
            let db = try Connection(path: path("wal.sqlite"))
            weakConnection = db
            try db.execute("PRAGMA journal_mode = WAL")
            try db.execute("CREATE TABLE t (x INTEGER)")
            try db.run("INSERT INTO t VALUES (?)", 1)           // cached statement
            XCTAssertEqual(try db.firstRow("SELECT COUNT(*) FROM t")?.int(0), 1)
            XCTAssertTrue(exists("wal.sqlite-wal"))
        }
        XCTAssertNil(weakConnection, "the connection is still alive after its last reference went away")
        // SQLite checkpoints and deletes the WAL when the last connection closes.
        XCTAssertFalse(exists("wal.sqlite-wal"))
        let reopened = try Connection(path: path("wal.sqlite"), mode: .readOnly)
        XCTAssertEqual(try reopened.firstRow("SELECT COUNT(*) FROM t")?.int(0), 1)
    }

    func testAStatementHeldByTheCallerStaysUsableAfterTheConnectionReferenceIsDropped() throws {
        var db: Connection? = try Connection(path: path("s.sqlite"))
        try db!.execute("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2)")
        let statement = try db!.makeStatement("SELECT x FROM t ORDER BY x")
        db = nil
        XCTAssertEqual(try statement.rows().map { try $0.int(0) }, [1, 2])
    }

    // MARK: binding and reading

    func testEveryValueTypeBindsAndReadsBackExactly() throws {
        let db = try Connection(path: path("types.sqlite"))
        try db.execute("CREATE TABLE v (n INTEGER PRIMARY KEY, value)")
        let cases: [(any SQLiteBindable, SQLiteValue)] = [
            (SQLiteValue.null, .null),
            (0, .integer(0)),
            (-7, .integer(-7)),
            (Int64.max, .integer(Int64.max)),
            (Int64.min, .integer(Int64.min)),
            (UInt64(12), .integer(12)),
            (UInt64.max, .integer(Int64.max)),              // clamps, never traps
            (true, .integer(1)),
            (false, .integer(0)),
            (1.5, .real(1.5)),
            (-0.125, .real(-0.125)),
            (Double.greatestFiniteMagnitude, .real(Double.greatestFiniteMagnitude)),
            ("plain", .text("plain")),
            ("", .text("")),
            ("Ünïcödé – 東京 🚲 'quoted' \"double\"", .text("Ünïcödé – 東京 🚲 'quoted' \"double\"")),
            ("before\u{0}after", .text("before\u{0}after")),
            ([UInt8]([0, 1, 2, 255, 0]), .blob([0, 1, 2, 255, 0])),
            ([UInt8](), .blob([])),
            (Optional<String>.none, .null),
            (Optional("some"), .text("some")),
            (SQLiteValue.blob([9, 8]), .blob([9, 8])),
        ]
        for (n, (bound, _)) in cases.enumerated() {
            try db.run("INSERT INTO v (n, value) VALUES (?, ?)", n, bound)
        }
        let rows = try db.rows("SELECT n, value FROM v ORDER BY n")
        XCTAssertEqual(rows.count, cases.count)
        for (row, (bound, expected)) in zip(rows, cases) {
            XCTAssertEqual(row[1], expected, "bound \(bound) (case \(row[0]))")
        }
    }

    func testPreparedStatementSteppingAndReuseWithNewBindings() throws {
        let db = try Connection(path: path("steps.sqlite"))
        try db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, n INTEGER)")
        let insert = try db.makeStatement("INSERT INTO t (k, n) VALUES (?, ?)")
        for (k, n) in [("a", 1), ("b", 2), ("c", 3)] {
            try insert.execute([k, n])
            XCTAssertEqual(db.changes, 1)
        }
        XCTAssertEqual(db.lastInsertedRowID, 3)

        let select = try db.makeStatement("SELECT k FROM t WHERE n >= ? ORDER BY n")
        XCTAssertEqual(insert.sql, "INSERT INTO t (k, n) VALUES (?, ?)")
        try select.bind([2])
        XCTAssertTrue(try select.step())
        XCTAssertEqual(try select.currentRow().string(0), "b")
        XCTAssertTrue(try select.step())
        XCTAssertEqual(try select.currentRow().string(0), "c")
        XCTAssertFalse(try select.step())
        // Rebinding resets the statement.
        XCTAssertEqual(try select.rows([3]).map { try $0.string(0) }, ["c"])
        XCTAssertEqual(try select.rows([1]).map { try $0.string(0) }, ["a", "b", "c"])
        var seen: [String] = []
        try select.forEachRow([2]) { seen.append(try $0.string(0)) }
        XCTAssertEqual(seen, ["b", "c"])

        XCTAssertNil(try db.firstRow("SELECT k FROM t WHERE n > ?", 99))
        XCTAssertEqual(try db.firstRow("SELECT k FROM t WHERE n > ?", 1)?.string(0), "b")
        // The cache hands back the same statement for the same SQL.
        XCTAssertTrue(try db.cachedStatement("SELECT 1") === db.cachedStatement("SELECT 1"))
        XCTAssertFalse(try db.makeStatement("SELECT 1") === db.makeStatement("SELECT 1"))
    }

    func testUpdateReportsChangedRowCount() throws {
        let db = try Connection(path: path("changes.sqlite"))
        try db.execute("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3)")
        try db.run("UPDATE t SET n = n * 10 WHERE n >= ?", 2)
        XCTAssertEqual(db.changes, 2)
        XCTAssertEqual(try db.rows("SELECT n FROM t ORDER BY n").map { try $0.int(0) }, [1, 20, 30])
    }

    // MARK: errors

    func testAStatementRefusesTheWrongNumberOfValues() throws {
        let db = try Connection(path: path("args.sqlite"))
        try db.execute("CREATE TABLE t (a, b)")
        XCTAssertThrowsError(try db.run("INSERT INTO t (a, b) VALUES (?, ?)", 1)) { error in
            XCTAssertEqual((error as? SQLiteError)?.codeName, "SQLITE_RANGE")
            XCTAssertTrue("\(error)".contains("1 values given for 2 parameters"), "\(error)")
        }
        XCTAssertThrowsError(try db.run("INSERT INTO t (a, b) VALUES (?, ?)", 1, 2, 3))
        XCTAssertThrowsError(try db.firstRow("SELECT count(*) FROM t WHERE a = ?"))
        XCTAssertEqual(try db.firstRow("SELECT count(*) FROM t")?.int(0), 0, "nothing was inserted")
        try db.run("INSERT INTO t (a, b) VALUES (?, ?)", 1, 2)
        XCTAssertEqual(try db.firstRow("SELECT count(*) FROM t WHERE a = ?", 1)?.int(0), 1)
    }

    func testAStatementRefusesTrailingSQL() throws {
        let db = try Connection(path: path("trailing.sqlite"))
        try db.execute("CREATE TABLE t (a)")
        XCTAssertThrowsError(try db.makeStatement("INSERT INTO t VALUES (1); DROP TABLE t")) { error in
            XCTAssertEqual((error as? SQLiteError)?.codeName, "SQLITE_MISUSE")
            XCTAssertTrue("\(error)".contains("trailing SQL after the first statement: `DROP TABLE t`"), "\(error)")
        }
        XCTAssertNoThrow(try db.makeStatement("SELECT * FROM t;  \n"))
        XCTAssertEqual(try db.firstRow("SELECT count(*) FROM t")?.int(0), 0, "the table is still there and the insert never ran")
    }

    func testSyntaxErrorCarriesCodeMessageAndSQL() throws {
        let db = try Connection(path: path("err.sqlite"))
        XCTAssertThrowsError(try db.execute("SELEC 1")) { error in
            guard let e = error as? SQLiteError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.code, ResultCode.error)
            XCTAssertEqual(e.message, "near \"SELEC\": syntax error")
            XCTAssertEqual(e.sql, "SELEC 1")
            XCTAssertEqual(e.description, "SQLite error 1 SQLITE_ERROR: near \"SELEC\": syntax error - while executing `SELEC 1`")
        }
        XCTAssertThrowsError(try db.makeStatement("SELECT nope FROM nowhere")) { error in
            guard let e = error as? SQLiteError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.code, ResultCode.error)
            XCTAssertEqual(e.message, "no such table: nowhere")
            XCTAssertEqual(e.sql, "SELECT nope FROM nowhere")
        }
    }

    func testConstraintErrorCarriesTheExtendedCodeAndTheStatement() throws {
        let db = try Connection(path: path("constraint.sqlite"))
        try db.execute("CREATE TABLE player (name TEXT NOT NULL UNIQUE, score INTEGER NOT NULL)")
        let sql = "INSERT INTO player (name, score) VALUES (?, ?)"
        XCTAssertThrowsError(try db.run(sql, "ana", Optional<Int>.none)) { error in
            guard let e = error as? SQLiteError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.code, ResultCode.constraintNotNull)
            XCTAssertEqual(e.primaryCode, ResultCode.constraint)
            XCTAssertTrue(e.isConstraint)
            XCTAssertFalse(e.isBusy)
            XCTAssertEqual(e.message, "NOT NULL constraint failed: player.score")
            XCTAssertEqual(e.sql, sql)
            XCTAssertEqual(e.description,
                           "SQLite error 1299 SQLITE_CONSTRAINT_NOTNULL: NOT NULL constraint failed: player.score - while executing `\(sql)`")
        }
        try db.run(sql, "ana", 1)
        XCTAssertThrowsError(try db.run(sql, "ana", 2)) { error in
            XCTAssertEqual((error as? SQLiteError)?.code, ResultCode.constraintUnique)
            XCTAssertEqual((error as? SQLiteError)?.message, "UNIQUE constraint failed: player.name")
        }
        // The failed statement was reset: it runs again with good values.
        try db.run(sql, "bo", 2)
        XCTAssertEqual(try db.rows("SELECT name, score FROM player ORDER BY name").map { try "\($0.string(0))=\($0.int(1))" },
                       ["ana=1", "bo=2"])
    }

    func testAWriterBlockedByAnotherConnectionGetsABusyError() throws {
        let a = try Connection(path: path("busy.sqlite"))
        try a.execute("PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER)")
        let b = try Connection(path: path("busy.sqlite"), mode: .readWrite, busyTimeoutMillis: 0)
        try a.inTransaction {
            try a.run("INSERT INTO t VALUES (1)")
            XCTAssertThrowsError(try b.execute("INSERT INTO t VALUES (2)")) { error in
                guard let e = error as? SQLiteError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.primaryCode, ResultCode.busy)
                XCTAssertTrue(e.isBusy)
            }
        }
        XCTAssertEqual(try b.rows("SELECT n FROM t").map { try $0.int(0) }, [1])
    }

    // MARK: backup

    func testOnlineBackupCopiesEveryRow() throws {
        let db = try Connection(path: path("source.sqlite"))
        try db.execute("PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER, s TEXT)")
        try db.inTransaction {
            for n in 0..<200 { try db.run("INSERT INTO t VALUES (?, ?)", n, String(repeating: "x", count: n)) }
        }
        try db.backup(to: path("copy.sqlite"))
        let copy = try Connection(path: path("copy.sqlite"), mode: .readOnly)
        XCTAssertEqual(try copy.firstRow("SELECT COUNT(*), SUM(n), SUM(length(s)) FROM t")?.values,
                       [.integer(200), .integer(19_900), .integer(19_900)])
    }
}
