import XCTest
@testable import SQLite

/// `Row`'s accessors are typed: NULL or another storage class is an error
/// that names the column, never a silent 0, "" or [].
final class RowTests: SQLiteTestCase {
    private func sampleRow() throws -> Row {
        let db = try Connection(path: path("row.sqlite"))
        return try XCTUnwrap(db.firstRow("SELECT 12 AS n, 2.5 AS x, '34' AS s, X'6869' AS b, NULL AS missing"))
    }

    func testEachAccessorReadsItsOwnStorageClass() throws {
        let row = try sampleRow()
        XCTAssertEqual(row.values, [.integer(12), .real(2.5), .text("34"), .blob([0x68, 0x69]), .null])
        XCTAssertEqual(row.columnNames, ["n", "x", "s", "b", "missing"])
        XCTAssertEqual(try row.int(0), 12)
        XCTAssertEqual(try row.bool(0), true)
        XCTAssertEqual(try row.double(1), 2.5)
        XCTAssertEqual(try row.double(0), 12, "an INTEGER widens to a REAL")
        XCTAssertEqual(try row.string(2), "34")
        XCTAssertEqual(try row.blob(3), [0x68, 0x69])
    }

    func testOptionalAccessorsAnswerNilForNullOnly() throws {
        let row = try sampleRow()
        XCTAssertNil(try row.optionalInt(4))
        XCTAssertNil(try row.optionalString(4))
        XCTAssertNil(try row.optionalDouble(4))
        XCTAssertNil(try row.optionalBlob(4))
        XCTAssertEqual(try row.optionalInt(0), 12)
        XCTAssertEqual(try row.optionalString(2), "34")
        XCTAssertEqual(try row.optionalDouble(1), 2.5)
        XCTAssertEqual(try row.optionalBlob(3), [0x68, 0x69])
        XCTAssertThrowsError(try row.optionalString(0), "an INTEGER is not TEXT, even where NULL is allowed")
    }

    func testNullThrowsNamingTheColumnAndTheOptionalAccessor() throws {
        let row = try sampleRow()
        let reads: [(String, () throws -> Any)] = [
            ("INTEGER", { try row.int(4) }), ("TEXT", { try row.string(4) }),
            ("REAL", { try row.double(4) }), ("BLOB", { try row.blob(4) }), ("INTEGER", { try row.bool(4) }),
        ]
        for (expected, read) in reads {
            XCTAssertThrowsError(try read()) { error in
                guard let e = error as? SQLiteError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.code, ResultCode.mismatch)
                XCTAssertEqual(e.codeName, "SQLITE_MISMATCH")
                XCTAssertTrue(e.message.hasPrefix("column 4 (missing) is NULL where \(expected) was expected"), e.message)
                XCTAssertTrue(e.message.contains("`optional"), "says how to read a nullable column: \(e.message)")
                XCTAssertEqual(e.sql, "SELECT 12 AS n, 2.5 AS x, '34' AS s, X'6869' AS b, NULL AS missing")
            }
        }
    }

    func testAnotherStorageClassThrowsInsteadOfConverting() throws {
        let row = try sampleRow()
        let cases: [(() throws -> Any, String)] = [
            ({ try row.int(1) }, "column 1 (x) holds REAL where INTEGER was expected"),
            ({ try row.int(2) }, "column 2 (s) holds TEXT where INTEGER was expected"),
            ({ try row.string(0) }, "column 0 (n) holds INTEGER where TEXT was expected"),
            ({ try row.string(3) }, "column 3 (b) holds BLOB where TEXT was expected"),
            ({ try row.double(2) }, "column 2 (s) holds TEXT where REAL was expected"),
            ({ try row.blob(2) }, "column 2 (s) holds TEXT where BLOB was expected"),
        ]
        for (read, prefix) in cases {
            XCTAssertThrowsError(try read()) { error in
                guard let e = error as? SQLiteError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.code, ResultCode.mismatch)
                XCTAssertTrue(e.message.hasPrefix(prefix), e.message)
            }
        }
    }

    func testAColumnPastTheEndThrowsInsteadOfTrapping() throws {
        let row = try sampleRow()
        XCTAssertThrowsError(try row.int(5)) { error in
            XCTAssertEqual((error as? SQLiteError)?.code, ResultCode.range)
            XCTAssertEqual((error as? SQLiteError)?.message, "column 5 read from a row of 5 columns")
        }
    }
}
