import XCTest
@testable import SQLite

final class MigratorTests: SQLiteTestCase {
    let first = Migration("1-create-cities", sql: """
        CREATE TABLE cities (name TEXT NOT NULL PRIMARY KEY);
        INSERT INTO cities VALUES ('birmingham');
        """)
    let second = Migration("2-add-country", sql: """
        ALTER TABLE cities ADD COLUMN country TEXT NOT NULL DEFAULT '';
        UPDATE cities SET country = 'uk';
        """)
    let third = Migration("3-add-talks", sql: "CREATE TABLE talks (title TEXT NOT NULL)")

    private func tables(_ db: Connection) throws -> [String] {
        try db.rows("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").map { try $0.string(0) }
    }

    func testAFreshDatabaseHasNothingAppliedAndEverythingPending() throws {
        let db = try Connection(path: path("m.sqlite"))
        let migrator = Migrator([first, second])
        XCTAssertEqual(try migrator.appliedIdentifiers(db), [])
        XCTAssertEqual(try migrator.pendingMigrations(db), ["1-create-cities", "2-add-country"])
        XCTAssertEqual(try migrator.unknownMigrations(db), [])
    }

    func testMigrationsApplyInOrderExactlyOnceAndAreRecorded() throws {
        let db = try Connection(path: path("m.sqlite"))
        let migrator = Migrator([first, second])
        XCTAssertEqual(try migrator.migrate(db), ["1-create-cities", "2-add-country"])
        // The second migration's UPDATE only works after the first one ran.
        XCTAssertEqual(try db.rows("SELECT name, country FROM cities").map { try "\($0.string(0)):\($0.string(1))" },
                       ["birmingham:uk"])
        XCTAssertEqual(try migrator.appliedIdentifiers(db), ["1-create-cities", "2-add-country"])
        XCTAssertEqual(try db.rows("SELECT identifier FROM schema_migrations ORDER BY rowid").map { try $0.string(0) },
                       ["1-create-cities", "2-add-country"])
        XCTAssertEqual(try migrator.pendingMigrations(db), [])

        // Running again applies nothing (the INSERT would fail on the primary key if it did).
        XCTAssertEqual(try migrator.migrate(db), [])
        XCTAssertEqual(try db.firstRow("SELECT COUNT(*) FROM cities")?.int(0), 1)

        // A later version appends a migration: only that one runs.
        let later = Migrator([first, second, third])
        XCTAssertEqual(try later.pendingMigrations(db), ["3-add-talks"])
        XCTAssertEqual(try later.migrate(db), ["3-add-talks"])
        XCTAssertEqual(try later.appliedIdentifiers(db), ["1-create-cities", "2-add-country", "3-add-talks"])
        XCTAssertEqual(try tables(db), ["cities", "schema_migrations", "talks"])
    }

    func testEachMigrationRunsInItsOwnTransaction() throws {
        let db = try Connection(path: path("m.sqlite"))
        let broken = Migration("2-half-broken", sql: """
            CREATE TABLE partial (x INTEGER);
            INSERT INTO no_such_table VALUES (1);
            """)
        XCTAssertThrowsError(try Migrator([first, broken, third]).migrate(db)) { error in
            guard let e = error as? SQLiteError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.message, "no such table: no_such_table")
            XCTAssertEqual(e.sql, broken.sql)
        }
        XCTAssertFalse(db.isInTransaction)
        // The first migration committed; the broken one left nothing; the third never ran.
        XCTAssertEqual(try tables(db), ["cities", "schema_migrations"])
        XCTAssertEqual(try Migrator([first, broken, third]).appliedIdentifiers(db), ["1-create-cities"])

        // With the migration fixed, the next run picks up where it stopped.
        let fixed = Migration("2-half-broken", sql: "CREATE TABLE partial (x INTEGER)")
        XCTAssertEqual(try Migrator([first, fixed, third]).migrate(db), ["2-half-broken", "3-add-talks"])
        XCTAssertEqual(try tables(db), ["cities", "partial", "schema_migrations", "talks"])
    }

    func testMigrationsRecordedByANewerVersionAreReportedAsUnknown() throws {
        let db = try Connection(path: path("m.sqlite"))
        try Migrator([first, second, third]).migrate(db)
        let older = Migrator([first, second])
        XCTAssertEqual(try older.unknownMigrations(db), ["3-add-talks"])
        XCTAssertEqual(try older.pendingMigrations(db), [])
        XCTAssertEqual(try Migrator([first, second, third]).unknownMigrations(db), [])
    }

    func testAReadOnlyConnectionCanInspectMigrationsWithoutWriting() throws {
        do {
            let db = try Connection(path: path("m.sqlite"))
            try Migrator([first]).migrate(db)
        }
        let ro = try Connection(path: path("m.sqlite"), mode: .readOnly)
        let migrator = Migrator([first, second])
        XCTAssertEqual(try migrator.appliedIdentifiers(ro), ["1-create-cities"])
        XCTAssertEqual(try migrator.pendingMigrations(ro), ["2-add-country"])
        XCTAssertThrowsError(try migrator.migrate(ro)) { error in
            XCTAssertEqual((error as? SQLiteError)?.primaryCode, ResultCode.readOnly, "\(error)")
        }
        XCTAssertEqual(try migrator.appliedIdentifiers(ro), ["1-create-cities"])
    }
}
