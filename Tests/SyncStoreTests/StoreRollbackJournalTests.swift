import Foundation
import SQLite
import SyncCore
@testable import SyncStore
import XCTest

/// A first load (a bulk write into a store with no documents) goes through
/// SQLite's rollback journal, which writes new pages once instead of twice
/// (`withRollbackJournalIfFirstLoad`), and never at the price of what the
/// WAL gives: atomicity, a store that ends in WAL mode, other processes'
/// connections.
final class StoreRollbackJournalTests: StoreTestCase {
    struct Failure: Error {}

    func testAFirstLoadRunsThroughTheRollbackJournalAndTheStoreEndsInWAL() throws {
        let inside = try store.bulkWrite { scope in
            try store.commitLocal(documentID: "alpha.one", kind: .article, content: Self.article("One"), tombstone: false,
                                  now: now, sign: Self.signature, in: scope)
            return try store.journalMode()
        }
        XCTAssertEqual(inside, "delete")
        XCTAssertEqual(try store.journalMode(), "wal")
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.path("store.sqlite-journal")))
        // Another connection sees the load, in WAL mode.
        let other = try Store.open(at: tmp.path("store.sqlite"), readOnly: true)
        XCTAssertEqual(try other.journalMode(), "wal")
        XCTAssertEqual(try other.list(ListFilter()).map(\.id), ["alpha.one"])
    }

    func testAStoreThatHoldsDocumentsKeepsTheWAL() throws {
        try commit("alpha.first", .article, Self.article("First"))
        XCTAssertEqual(try store.bulkWrite { _ in try store.journalMode() }, "wal")
    }

    func testAStoreAnotherConnectionHasOpenKeepsTheWAL() throws {
        // `serve` keeps its connections open: its readers must go on reading the last commit.
        let reader = try Store.open(at: tmp.path("store.sqlite"), readOnly: true)
        XCTAssertEqual(try reader.list(ListFilter()).count, 0)
        let inside = try store.bulkWrite { scope in
            try store.commitLocal(documentID: "alpha.one", kind: .article, content: Self.article("One"), tombstone: false,
                                  now: now, sign: Self.signature, in: scope)
            // The reader reads the last commit meanwhile, as WAL mode lets it.
            XCTAssertEqual(try reader.list(ListFilter()).count, 0)
            return try store.journalMode()
        }
        XCTAssertEqual(inside, "wal")
        XCTAssertEqual(try reader.list(ListFilter()).map(\.id), ["alpha.one"])
    }

    /// The body is told which journal it got (the pull sizes its groups by
    /// it), and that is the journal in use.
    func testTheBodyIsToldWhatLoadItIs() throws {
        let alone = try store.withRollbackJournalIfFirstLoad { load in (load, try store.journalMode()) }
        XCTAssertEqual(alone.0, .firstThroughRollbackJournal)
        XCTAssertEqual(alone.1, "delete")
        let reader = try Store.open(at: tmp.path("store.sqlite"), readOnly: true)
        XCTAssertEqual(try reader.list(ListFilter()).count, 0)
        let shared = try store.withRollbackJournalIfFirstLoad { load in (load, try store.journalMode()) }
        XCTAssertEqual(shared.0, .firstThroughWAL)
        XCTAssertEqual(shared.1, "wal")
        try commit("alpha.first", .article, Self.article("First"))
        XCTAssertEqual(try store.withRollbackJournalIfFirstLoad { $0 }, .notFirst)
        XCTAssertFalse(Store.Load.notFirst.isFirst)
        XCTAssertTrue(Store.Load.firstThroughWAL.isFirst)
    }

    func testAFailedFirstLoadLeavesTheStoreEmptyAndInWAL() throws {
        let before = try store.stats()
        XCTAssertThrowsError(try store.bulkWrite { scope in
            for i in 0..<50 {
                try store.commitLocal(documentID: "alpha.d\(i)", kind: .article, content: Self.article("Doc \(i)"),
                                      tombstone: false, now: now, sign: Self.signature, in: scope)
            }
            throw Failure()
        }) { XCTAssertTrue($0 is Failure, "\($0)") }
        XCTAssertEqual(try store.journalMode(), "wal")
        XCTAssertFalse(try store.holdsDocuments())
        let after = try store.stats()
        XCTAssertEqual([after.articles, after.revisions, Int(after.headSeq)], [before.articles, before.revisions, Int(before.headSeq)])
        XCTAssertEqual(try store.quickCheck(), "ok")
    }

    /// A load whose process dies leaves a hot journal and a database file
    /// part-written. Copied mid-write (a copy holds no lock: to SQLite it is
    /// the file of a dead process), the store must open as it was before
    /// the load, read-only too, and never show the part-written file.
    func testALoadCutOffIsRolledBackBeforeAnyoneReadsTheStore() throws {
        try store.setMeta("marker", "before the load")
        let crashed = tmp.path("crashed")
        try FileManager.default.createDirectory(atPath: crashed, withIntermediateDirectories: true)
        try store.bulkWrite { scope in
            // A small page cache, so that pages spill into the file before COMMIT.
            try store.db.execute("PRAGMA cache_size = 10")
            for i in 0..<300 {
                try store.commitLocal(documentID: "alpha.d\(i)", kind: .article,
                                      content: Self.article("Doc \(i)", body: String(repeating: "word\(i) ", count: 200)),
                                      tombstone: false, now: now, sign: Self.signature, in: scope)
            }
            try store.setMeta("marker", "inside the load")
            XCTAssertEqual(try store.journalMode(), "delete")
            for suffix in ["", "-journal"] {
                try FileManager.default.copyItem(atPath: tmp.path("store.sqlite" + suffix), toPath: crashed + "/store.sqlite" + suffix)
            }
        }
        let copy = crashed + "/store.sqlite"
        // The copy is part-written: read as it is (ignoring the journal), it is not the store before the load.
        XCTAssertNotEqual(Self.fileDigest(copy), Self.fileDigest(tmp.path("store.sqlite")))
        XCTAssertGreaterThan((try FileManager.default.attributesOfItem(atPath: copy + "-journal")[.size] as? Int) ?? 0, 0)

        let reader = try Store.open(at: copy, readOnly: true)
        XCTAssertFalse(try reader.holdsDocuments())
        XCTAssertEqual(try reader.meta("marker"), "before the load")
        XCTAssertEqual(try reader.quickCheck(), "ok")
        XCTAssertFalse(FileManager.default.fileExists(atPath: copy + "-journal"), "rolled back")
        let writer = try Store.open(at: copy)
        XCTAssertEqual(try writer.journalMode(), "wal")
        XCTAssertFalse(try writer.holdsDocuments())
    }
}
