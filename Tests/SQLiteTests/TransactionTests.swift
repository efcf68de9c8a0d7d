import XCTest
@testable import SQLite

final class TransactionTests: SQLiteTestCase {
    struct Boom: Error, Equatable { var n: Int }

    private func makeDatabase() throws -> Connection {
        let db = try Connection(path: path("tx.sqlite"))
        try db.execute("CREATE TABLE t (n INTEGER NOT NULL UNIQUE)")
        return db
    }

    private func values(_ db: Connection) throws -> [Int64] {
        try db.rows("SELECT n FROM t ORDER BY n").map { try $0.int(0) }
    }

    func testCommitKeepsTheWritesAndReturnsTheBodysValue() throws {
        let db = try makeDatabase()
        XCTAssertFalse(db.isInTransaction)
        let result = try db.inTransaction { () -> String in
            XCTAssertTrue(db.isInTransaction)
            try db.run("INSERT INTO t VALUES (?)", 1)
            try db.run("INSERT INTO t VALUES (?)", 2)
            return "done"
        }
        XCTAssertEqual(result, "done")
        XCTAssertFalse(db.isInTransaction)
        XCTAssertEqual(try values(db), [1, 2])
        // Committed means visible to another connection.
        let other = try Connection(path: path("tx.sqlite"), mode: .readOnly)
        XCTAssertEqual(try values(other), [1, 2])
    }

    func testAThrowRollsBackEveryWriteAndRethrowsTheSameError() throws {
        let db = try makeDatabase()
        try db.run("INSERT INTO t VALUES (?)", 1)
        XCTAssertThrowsError(try db.inTransaction {
            try db.run("INSERT INTO t VALUES (?)", 2)
            try db.run("UPDATE t SET n = 10 WHERE n = 1")
            throw Boom(n: 7)
        }) { error in
            XCTAssertEqual(error as? Boom, Boom(n: 7))
        }
        XCTAssertFalse(db.isInTransaction)
        XCTAssertEqual(try values(db), [1])
    }

    func testAFailingStatementRollsBackTheEarlierWritesOfTheTransaction() throws {
        let db = try makeDatabase()
        XCTAssertThrowsError(try db.inTransaction {
            try db.run("INSERT INTO t VALUES (?)", 5)
            try db.run("INSERT INTO t VALUES (?)", 5)   // UNIQUE violation
        }) { error in
            XCTAssertEqual((error as? SQLiteError)?.code, ResultCode.constraintUnique)
        }
        XCTAssertFalse(db.isInTransaction)
        XCTAssertEqual(try values(db), [])
    }

    /// When the rollback itself fails too, the caller still sees the body's error.
    func testTheFirstErrorWinsOverAFailedRollback() throws {
        let db = try makeDatabase()
        XCTAssertThrowsError(try db.inTransaction {
            try db.run("INSERT INTO t VALUES (?)", 3)
            try db.execute("ROLLBACK")   // the wrapper's own ROLLBACK will now fail
            throw Boom(n: 1)
        }) { error in
            XCTAssertEqual(error as? Boom, Boom(n: 1), "got \(error)")
        }
        XCTAssertFalse(db.isInTransaction)
        XCTAssertEqual(try values(db), [])
    }

    func testTheConnectionIsUsableForANewTransactionAfterARollback() throws {
        let db = try makeDatabase()
        _ = try? db.inTransaction { try db.run("INSERT INTO t VALUES (?)", 1); throw Boom(n: 0) }
        try db.inTransaction { try db.run("INSERT INTO t VALUES (?)", 2) }
        XCTAssertEqual(try values(db), [2])
    }

    /// BEGIN IMMEDIATE: the write lock is taken when the transaction starts,
    /// not at its first write, so a second writer is refused up front.
    func testTransactionsTakeTheWriteLockWhenTheyBegin() throws {
        let db = try makeDatabase()
        try db.execute("PRAGMA journal_mode = WAL")
        let other = try Connection(path: path("tx.sqlite"), mode: .readWrite, busyTimeoutMillis: 0)
        try db.inTransaction {
            XCTAssertThrowsError(try other.inTransaction { }) { error in
                XCTAssertEqual((error as? SQLiteError)?.isBusy, true, "\(error)")
            }
        }
        XCTAssertFalse(other.isInTransaction)
    }

    // MARK: savepoints

    func testAFailingSavepointUndoesOnlyItsOwnWrites() throws {
        let db = try makeDatabase()
        try db.inTransaction {
            try db.run("INSERT INTO t VALUES (?)", 1)
            XCTAssertThrowsError(try db.inSavepoint {
                try db.run("INSERT INTO t VALUES (?)", 2)
                throw Boom(n: 2)
            }) { error in
                XCTAssertEqual(error as? Boom, Boom(n: 2))
            }
            XCTAssertTrue(db.isInTransaction, "the outer transaction goes on")
            try db.run("INSERT INTO t VALUES (?)", 3)
        }
        XCTAssertEqual(try values(db), [1, 3])
    }

    func testASavepointThatReturnsCommitsWithTheOuterTransaction() throws {
        let db = try makeDatabase()
        let inner = try db.inTransaction { () -> String in
            try db.run("INSERT INTO t VALUES (?)", 1)
            return try db.inSavepoint {
                try db.run("INSERT INTO t VALUES (?)", 2)
                return "inner"
            }
        }
        XCTAssertEqual(inner, "inner")
        XCTAssertEqual(try values(db), [1, 2])
        // ... and rolls back with it.
        XCTAssertThrowsError(try db.inTransaction {
            try db.inSavepoint { try db.run("INSERT INTO t VALUES (?)", 5) }
            throw Boom(n: 5)
        })
        XCTAssertEqual(try values(db), [1, 2])
    }

    func testSavepointsNestAndAFailedStatementInsideOneKeepsTheOuterWork() throws {
        let db = try makeDatabase()
        try db.inTransaction {
            try db.inSavepoint {
                try db.run("INSERT INTO t VALUES (?)", 1)
                XCTAssertThrowsError(try db.inSavepoint {
                    try db.run("INSERT INTO t VALUES (?)", 2)
                    try db.run("INSERT INTO t VALUES (?)", 1)   // UNIQUE violation
                }) { error in
                    XCTAssertEqual((error as? SQLiteError)?.codeName, "SQLITE_CONSTRAINT_UNIQUE")
                }
                try db.run("INSERT INTO t VALUES (?)", 4)
            }
        }
        XCTAssertEqual(try values(db), [1, 4])
        XCTAssertFalse(db.isInTransaction)
    }
}
