import SQLite
import SyncStore
import XCTest

/// SQLite failures sorted into what an operator can act on, so that the
/// node needs no SQLite to tell its own disk from a peer's fault.
final class StoreFailureTests: XCTestCase {
    func testEachResultCodeFallsIntoItsKindExtendedCodesIncluded() throws {
        let cases: [(Int32, StoreFailure.Kind)] = [
            (5, .busy), (6, .busy), (517, .busy), (8, .notWritable), (14, .notWritable), (3, .notWritable),
            (10, .ioError), (778, .ioError), (1034, .ioError), (11, .corrupt), (26, .corrupt), (13, .full),
            (19, .other), (2067, .other), (1, .other),
        ]
        for (code, kind) in cases {
            let failure = try XCTUnwrap(StoreFailure(SQLiteError(code: code, message: "m", sql: "SELECT 1")))
            XCTAssertEqual(failure.kind, kind, "code \(code)")
            XCTAssertEqual(failure.code, code)
        }
    }

    func testItNamesTheExtendedCodeAndLeavesTheSQLOut() throws {
        let failure = try XCTUnwrap(StoreFailure(SQLiteError(code: 1034, message: "disk I/O error", sql: "COMMIT")))
        XCTAssertEqual(failure.codeName, "SQLITE_IOERR_FSYNC")
        XCTAssertEqual(failure.description, "SQLite error 1034 SQLITE_IOERR_FSYNC: disk I/O error")
    }

    func testOtherErrorsAreNotStoreFailures() {
        XCTAssertNil(StoreFailure(StoreError.corrupt("x")))
        XCTAssertNil(StoreFailure(CocoaError(.fileNoSuchFile)))
    }
}
