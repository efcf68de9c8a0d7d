import Foundation
import SyncNode
import SyncStore
import XCTest

/// A new node's first pull writes its pages once (the rollback journal,
/// when its connection is the store's only one) and builds the listing
/// indexes once at the end; any other pull, or a first pull beside another
/// connection, keeps the WAL, and every pull ends with the store whole:
/// WAL mode, every index, nothing recorded as deferred.
final class FirstPullTests: FederationTestCase {
    static let listingIndexes: Set<String> = ["documents_order", "documents_kind_order"]

    /// Singapore (its city imported, serving) and Birmingham, which pulls from it.
    private func pair(birminghamImports: Bool) throws -> (birmingham: TestNode, singapore: TestNode) {
        let singapore = try makeNode("singapore")
        try singapore.serve(certificate: certs.server)
        let birmingham = try makeNode("birmingham", importing: birminghamImports)
        try birmingham.trust(singapore, caFile: certs.caFile)
        try singapore.trust(name: "birmingham", publicKey: birmingham.identity.publicKey, url: "https://127.0.0.1:9",
                            caFile: certs.caFile)
        return (birmingham, singapore)
    }

    private func indexes(_ store: Store) throws -> Set<String> {
        Set(try store.db.rows("SELECT name FROM sqlite_schema WHERE type = 'index'").map { try $0.string(0) })
    }

    /// Pulls page by page (2 revisions each, grouped after the first), and
    /// notes the journal mode and whether the listing indexes exist at each page.
    private func pullNoting(_ node: TestNode) throws -> (modes: Set<String>, listingIndexesSeen: [Bool]) {
        var modes: Set<String> = []
        var seen: [Bool] = []
        try node.pull(from: "singapore", pageLimit: 2, groupAfter: 2, progress: { _ in
            modes.insert((try? node.store.journalMode()) ?? "?")
            seen.append(((try? self.indexes(node.store)) ?? []).isSuperset(of: Self.listingIndexes))
        })
        return (modes, seen)
    }

    private func assertWhole(_ node: TestNode, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(try node.store.journalMode(), "wal", file: file, line: line)
        XCTAssertTrue(try indexes(node.store).isSuperset(of: Self.listingIndexes), file: file, line: line)
        XCTAssertNil(try node.store.meta("deferred_indexes"), file: file, line: line)
        XCTAssertEqual(try node.store.quickCheck(), "ok", file: file, line: line)
    }

    func testAFirstPullWritesThroughTheRollbackJournalAndBuildsTheListingIndexesAtTheEnd() throws {
        let (birmingham, singapore) = try pair(birminghamImports: false)
        let noted = try pullNoting(birmingham)
        XCTAssertEqual(noted.modes, ["delete"])
        XCTAssertEqual(noted.listingIndexesSeen.first, true, "the first page is applied before the catch-up begins")
        XCTAssertEqual(noted.listingIndexesSeen.last, false, "deferred while catching up")
        try assertWhole(birmingham)
        XCTAssertEqual(try birmingham.store.list(ListFilter()).map(\.id), try singapore.store.list(ListFilter()).map(\.id))
    }

    func testAPullIntoAStoreWithDocumentsKeepsTheWALAndItsIndexes() throws {
        let (birmingham, singapore) = try pair(birminghamImports: true)
        let noted = try withExtendedLifetime(singapore) { try pullNoting(birmingham) }
        XCTAssertEqual(noted.modes, ["wal"])
        XCTAssertEqual(Set(noted.listingIndexesSeen), [true])
        try assertWhole(birmingham)
    }

    func testAFirstPullBesideAnotherConnectionKeepsTheWAL() throws {
        let (birmingham, singapore) = try pair(birminghamImports: false)
        // `serve` keeps its connections open: its readers go on reading the last commit.
        let reader = try Store.open(at: birmingham.home.storePath, readOnly: true)
        XCTAssertEqual(try reader.list(ListFilter()).count, 0)
        let noted = try withExtendedLifetime(singapore) { try pullNoting(birmingham) }
        XCTAssertEqual(noted.modes, ["wal"])
        try assertWhole(birmingham)
        XCTAssertEqual(try reader.list(ListFilter()).count, try birmingham.store.list(ListFilter()).count)
    }

    func testAFirstPullStoppedMidWayLeavesTheStoreWholeAndTheNextPullCompletesIt() throws {
        let (birmingham, singapore) = try pair(birminghamImports: false)
        var pages = 0
        let stopped = try birmingham.pull(from: "singapore", pageLimit: 2, groupAfter: 2, shouldStop: { pages >= 2 }) { _ in pages += 1 }
        XCTAssertLessThan(stopped.seq, UInt64(try singapore.store.headSeq()), "stopped before the end")
        try assertWhole(birmingham)
        try birmingham.pull(from: "singapore")
        XCTAssertEqual(try birmingham.store.list(ListFilter()).map(\.id), try singapore.store.list(ListFilter()).map(\.id))
        try assertWhole(birmingham)
    }
}
