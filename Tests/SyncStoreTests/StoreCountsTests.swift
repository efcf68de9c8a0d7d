import SyncCore
@testable import SyncStore
import XCTest

/// `stats`, `status` and `list`'s "N of M shown" read counts the store
/// keeps as it writes (migration v5): they must follow every kind of write.
final class StoreCountsTests: StoreTestCase {
    func testKeptCountsFollowCreatesEditsMovesDeletesAndConflicts() throws {
        try commit("alpha.a", .article, Self.article("One", city: "Graz"))
        try commit("alpha.b", .article, Self.article("Two", city: "Graz"))
        try commit("alpha.t", .talk, Self.talk("Three", city: "Porto"))
        try assertKeptCountsMatchTheRows(store)
        try assertSearchIndexMatchesTheLog(store)
        try commit("alpha.a", .article, Self.article("One, edited", city: "Graz"))
        try commit("alpha.b", .article, Self.article("Two, moved", city: "Lyon"))
        try commit("alpha.t", .talk, Content(), tombstone: true)
        try assertKeptCountsMatchTheRows(store)
        try assertSearchIndexMatchesTheLog(store)
        // A concurrent edit from another node: a conflict, and one more revision.
        try receive(Self.remote("alpha.a", dot: "beta:1", context: ["alpha": 1], Self.article("One, elsewhere", city: "Aarhus")))
        try receive(Self.remote("beta.new", dot: "beta:2", Self.article("From beta")))
        try assertKeptCountsMatchTheRows(store)
        try assertSearchIndexMatchesTheLog(store)

        let stats = try store.stats()
        XCTAssertEqual([stats.articles, stats.talks, stats.deleted, stats.revisions], [3, 0, 1, 8])
        XCTAssertEqual(stats.cities["Lyon"], 1)
        XCTAssertNil(stats.cities["Porto"], "a deleted document's city is not listed")
        XCTAssertEqual(stats.cities["(none)"], 1)
        XCTAssertEqual(try store.count(ListFilter()), 3)
        XCTAssertEqual(try store.count(ListFilter(includeDeleted: true)), 4)
        XCTAssertEqual(try store.count(ListFilter(kind: .talk, includeDeleted: true)), 1)
        XCTAssertEqual(try store.count(ListFilter(city: "lyon")), 1, "city matches regardless of case, as list does")
        XCTAssertEqual(try store.count(ListFilter(category: "none")), 0, "other filters are counted from the rows")
    }

    func testAFailedWriteLeavesTheCountsAsTheyWere() throws {
        try commit("alpha.a", .article, Self.article("One", city: "Graz"))
        struct Boom: Error {}
        XCTAssertThrowsError(try store.write { scope in
            try store.commitLocal(documentID: "alpha.b", kind: .article, content: Self.article("Two"), tombstone: false,
                                  now: now, sign: Self.signature, in: scope)
            throw Boom()
        })
        try assertKeptCountsMatchTheRows(store)
        try assertSearchIndexMatchesTheLog(store)
        XCTAssertEqual(try store.stats().articles, 1)
    }

    /// Counts changed by a write are added up in memory and written at
    /// COMMIT (`PendingCounts`): a read inside the write sees them, and a
    /// failed inner write (a savepoint) takes back only its own.
    func testCountsInsideAWriteAreCurrentAndAFailedInnerWriteTakesBackItsOwn() throws {
        struct Boom: Error {}
        try store.write { scope in
            try store.commitLocal(documentID: "alpha.a", kind: .article, content: Self.article("One", city: "Graz"),
                                  tombstone: false, now: now, sign: Self.signature, in: scope)
            XCTAssertEqual(try store.stats().articles, 1, "seen inside the write")
            XCTAssertEqual(try store.count(ListFilter(city: "graz")), 1)
            XCTAssertThrowsError(try store.write { inner in
                try store.commitLocal(documentID: "alpha.b", kind: .article, content: Self.article("Two", city: "Graz"),
                                      tombstone: false, now: now, sign: Self.signature, in: inner)
                XCTAssertEqual(try store.stats().articles, 2)
                throw Boom()
            })
            XCTAssertThrowsError(try store.write { inner in   // the same, with nothing read: the counts stay in memory
                try store.commitLocal(documentID: "alpha.d", kind: .article, content: Self.article("Four", city: "Lyon"),
                                      tombstone: false, now: now, sign: Self.signature, in: inner)
                throw Boom()
            })
            try store.commitLocal(documentID: "alpha.c", kind: .talk, content: Self.talk("Three", city: "Porto"),
                                  tombstone: false, now: now, sign: Self.signature, in: scope)
        }
        try assertKeptCountsMatchTheRows(store)
        let stats = try store.stats()
        XCTAssertEqual([stats.articles, stats.talks, stats.revisions], [1, 1, 2])
    }

    func testListUsesAnIndexForItsOrder() throws {
        for filter in [ListFilter(), ListFilter(kind: .talk)] {
            let (sql, args) = Store.listQuery("SELECT doc_id FROM documents", filter)
            let plan = try store.db.makeStatement("EXPLAIN QUERY PLAN \(sql) ORDER BY sort_date DESC, doc_id LIMIT 20")
                .rows(args).map { try $0.string(3) }.joined(separator: "; ")
            XCTAssertFalse(plan.contains("TEMP B-TREE"), "no sort step: \(plan)")
            XCTAssertTrue(plan.contains("USING") && plan.contains("INDEX documents_"), plan)
        }
    }
}
