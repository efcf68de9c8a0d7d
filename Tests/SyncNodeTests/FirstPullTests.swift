import Foundation
import Synchronization
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

    /// The price of the rollback journal: a read held open past the busy
    /// timeout blocks a first pull's commit (in WAL it would not). The pull
    /// fails as busy and keeps what it had committed; the next one finishes.
    func testAReadHeldOpenDuringAFirstPullFailsItCleanlyAndTheNextPullFinishes() throws {
        let (birmingham, singapore) = try pair(birminghamImports: false)
        // Opened once the pull has begun: a connection open before it keeps the WAL.
        var reader: Store?
        XCTAssertThrowsError(try birmingham.pull(from: "singapore", pageLimit: 2, groupAfter: 2, progress: { _ in
            guard reader == nil else { return }
            reader = try? Store.open(at: birmingham.home.storePath, readOnly: true)
            try? reader?.db.execute("BEGIN")
            _ = try? reader?.db.firstRow("SELECT count(*) FROM documents")
        })) { error in
            XCTAssertTrue("\(error)".contains("the store is busy"), "\(error)")
            XCTAssertTrue("\(error)".contains("nothing was lost"), "\(error)")
        }
        try XCTUnwrap(reader).db.execute("COMMIT")
        let checkpoint = try birmingham.store.peerState("singapore").pulledSeq
        XCTAssertEqual(Int64(try birmingham.store.stats().revisions), checkpoint, "what is stored is what the checkpoint says")
        XCTAssertEqual(try birmingham.store.quickCheck(), "ok")
        try birmingham.pull(from: "singapore")
        XCTAssertEqual(try birmingham.store.list(ListFilter()).map(\.id), try singapore.store.list(ListFilter()).map(\.id))
        try assertWhole(birmingham)
    }

    /// `sync` with one peer pulls through the run's own connection, so that
    /// a new node's first pull can take the rollback journal: the store
    /// file's header says so (byte 18: 1 rollback journal, 2 WAL) while it runs.
    func testASyncWithOnePeerTakesTheRollbackJournalThroughTheRunsConnection() throws {
        let (birmingham, singapore) = try pair(birminghamImports: false)
        let path = birmingham.home.storePath
        @Sendable func headerMode() -> UInt8? { FileManager.default.contents(atPath: path).flatMap { $0.count > 18 ? $0[18] : nil } }
        let seen = Mutex<Set<UInt8>>([])
        var options = SyncOptions()
        options.push = false
        let reports = try withExtendedLifetime(singapore) {
            try birmingham.runner().run(options, kind: "manual", recorder: birmingham.store) { _, _ in
                if let mode = headerMode() { seen.withLock { _ = $0.insert(mode) } }
            }
        }
        XCTAssertEqual(reports.map(\.ok), [true], "\(reports.map(\.error))")
        XCTAssertEqual(seen.withLock { $0 }, [1], "the rollback journal while the pull ran")
        XCTAssertEqual(headerMode(), 2, "WAL again after it")
        try assertWhole(birmingham)
    }
}
