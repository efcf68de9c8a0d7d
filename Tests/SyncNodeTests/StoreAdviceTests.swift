import SQLite
import SyncNode
import SyncStore
import XCTest

/// Store failures read as one sentence with what to do, never the SQL.
final class StoreAdviceTests: XCTestCase {
    func testEachFailureIsOneSentenceWithoutSQL() throws {
        let sql = "INSERT INTO revisions (id, doc_id)\nVALUES (?, ?)\nON CONFLICT DO NOTHING"
        let cases: [(Int32, String, String)] = [
            (13, "database or disk is full", "Free disk space"),
            (5, "database is locked", "another syncnode process"),
            (8, "attempt to write a readonly database", "Run the command as the home's owner"),
            (14, "unable to open database file", "check the permissions"),
            (11, "database disk image is malformed", "Restore it from a backup"),
            (10, "disk I/O error", "the disk's health"),
        ]
        for (code, message, advice) in cases {
            let sentence = StoreAdvice.sentence(try XCTUnwrap(StoreFailure(SQLiteError(code: code, message: message, sql: sql))))
            XCTAssertTrue(sentence.contains(advice), sentence)
            XCTAssertFalse(sentence.contains("INSERT"), sentence)
            XCTAssertFalse(sentence.contains("\n"), sentence)
        }
        XCTAssertFalse(StoreAdvice.sentence(try XCTUnwrap(StoreFailure(SQLiteError(code: 5, message: "database is locked")))).contains("database is locked"),
                       "busy says what it means, not SQLite's words")
    }
}
