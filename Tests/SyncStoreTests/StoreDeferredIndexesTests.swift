import SQLite
import SyncCore
@testable import SyncStore
import XCTest

/// The listing indexes a first pull drops while it catches up come back:
/// at its end (`restoreDeferredIndexes`), or, if its process died, at the
/// next read-write open; readers meanwhile get the same answers.
final class StoreDeferredIndexesTests: StoreTestCase {
    private func indexes(_ s: Store) throws -> [String: String] {
        var all: [String: String] = [:]
        for row in try s.db.rows("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL") {
            all[try row.string(0)] = try row.string(1)
        }
        return all
    }

    private func seed() throws {
        for (i, date) in ["2024-05-01", "2023-01-15", "2025-02-20"].enumerated() {
            try commit("alpha.d\(i)", .article, Self.article("Doc \(i)", city: "birmingham", date: date))
        }
        try commit("alpha.t0", .talk, Self.talk("Talk", date: "2024-09-09"))
    }

    func testDeferredIndexesComeBackWithTheirOwnDefinitions() throws {
        try seed()
        let before = try indexes(store)
        let listed = try store.list(ListFilter()).map(\.id)
        try store.write { scope in try store.deferListingIndexes(in: scope) }
        XCTAssertNil(try indexes(store)["documents_order"])
        XCTAssertNil(try indexes(store)["documents_kind_order"])
        XCTAssertNotNil(try store.meta(Store.deferredIndexesKey))
        XCTAssertEqual(try store.list(ListFilter()).map(\.id), listed, "the same order without the index")
        try store.restoreDeferredIndexes()
        XCTAssertEqual(try indexes(store), before)
        XCTAssertNil(try store.meta(Store.deferredIndexesKey))
        try store.restoreDeferredIndexes()   // nothing deferred: nothing to do
        XCTAssertEqual(try indexes(store), before)
    }

    func testTheNextReadWriteOpenRestoresWhatADeadProcessDeferred() throws {
        try seed()
        let before = try indexes(store)
        try store.write { scope in try store.deferListingIndexes(in: scope) }
        store = nil   // the process dies here
        let reader = try Store.open(at: tmp.path("store.sqlite"), readOnly: true)
        XCTAssertNil(try indexes(reader)["documents_order"], "a reader never writes")
        XCTAssertEqual(try reader.list(ListFilter()).count, 4)
        let reopened = try Store.open(at: tmp.path("store.sqlite"))
        XCTAssertEqual(try indexes(reopened), before)
        XCTAssertNil(try reopened.meta(Store.deferredIndexesKey))
    }

    func testAWriteThatRollsBackKeepsTheIndexes() throws {
        try seed()
        let before = try indexes(store)
        struct Failure: Error {}
        XCTAssertThrowsError(try store.write { scope in
            try store.deferListingIndexes(in: scope)
            throw Failure()
        })
        XCTAssertEqual(try indexes(store), before)
        XCTAssertNil(try store.meta(Store.deferredIndexesKey))
    }

    func testARestoreKeepsAnIndexBuiltMeanwhileAndFinishesTheRest() throws {
        try seed()
        let before = try indexes(store)
        try store.write { scope in try store.deferListingIndexes(in: scope) }
        // Built again meanwhile (by hand, or by a later version's migration).
        try store.db.execute(try XCTUnwrap(before["documents_order"]))
        store = nil
        let reopened = try Store.open(at: tmp.path("store.sqlite"))
        XCTAssertEqual(try indexes(reopened), before)
        XCTAssertNil(try reopened.meta(Store.deferredIndexesKey))
    }

    func testIfNotExistsRewritesOnlyACreateIndex() {
        XCTAssertEqual(Store.ifNotExists("CREATE INDEX a ON t (x)"), "CREATE INDEX IF NOT EXISTS a ON t (x)")
        XCTAssertEqual(Store.ifNotExists("CREATE UNIQUE INDEX a ON t (x)"), "CREATE UNIQUE INDEX IF NOT EXISTS a ON t (x)")
        XCTAssertEqual(Store.ifNotExists("CREATE INDEX IF NOT EXISTS a ON t (x)"), "CREATE INDEX IF NOT EXISTS a ON t (x)")
        XCTAssertEqual(Store.ifNotExists("DROP INDEX a"), "DROP INDEX a")
    }
}
