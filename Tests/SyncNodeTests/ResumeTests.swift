import Foundation
import SyncCore
import SyncNode
import SyncStore
import XCTest

/// An interrupted pull keeps exactly the pages it applied, with the
/// checkpoint at the last one, and the next pull resumes without duplicates.
final class ResumeTests: FederationTestCase {
    func testPullStoppedAfterTheFirstPageKeepsExactlyThatPageAndResumes() throws {
        let nodes = try makeFederation(["birmingham", "singapore"], importing: false)
        let (birmingham, singapore) = (nodes[0], nodes[1])
        try singapore.importCity()
        let theirs = try singapore.store.changes(after: 0, limit: 1000)
        XCTAssertEqual(theirs.count, 6)

        var pages: [TransferReport] = []
        let first = try birmingham.pull(from: "singapore", pageLimit: 2, shouldStop: { true }, progress: { pages.append($0) })
        XCTAssertEqual(first.pages, 1)
        XCTAssertEqual(pages.count, 1)
        XCTAssertEqual(first.applied, 2)
        XCTAssertEqual(try birmingham.revisionIDs(), theirs.prefix(2).map(\.revision.revisionID))
        let state = try birmingham.store.peerState("singapore")
        XCTAssertEqual(state.pulledSeq, theirs[1].seq, "checkpoint = the first page's cursor")
        XCTAssertGreaterThan(state.peerHeadSeq, state.pulledSeq, "it knows more remains")

        let rest = try birmingham.pull(from: "singapore", pageLimit: 2)
        XCTAssertEqual(rest.pages, 2)
        XCTAssertEqual(rest.applied, 4)
        XCTAssertEqual(rest.alreadyHad, 0, "nothing fetched twice")
        XCTAssertEqual(try birmingham.revisionIDs(), theirs.map(\.revision.revisionID), "all, once, in order")
        XCTAssertEqual(try birmingham.store.peerState("singapore").pulledSeq, theirs[5].seq)
    }

    /// Pages applied in groups (a catch-up) end where pages applied one
    /// by one do: same log, same checkpoint, same views; and a stop inside
    /// a group keeps the pages applied before it.
    func testPagesAppliedInGroupsEndWhereOneByOneEnds() throws {
        let nodes = try makeFederation(["birmingham", "singapore", "graz"], importing: false)
        let (birmingham, singapore, graz) = (nodes[0], nodes[1], nodes[2])
        try singapore.importCity()
        let theirs = try singapore.store.changes(after: 0, limit: 1000)

        var applied = 0
        let stopped = try graz.pull(from: "singapore", pageLimit: 1, groupAfter: 0, shouldStop: { applied >= 3 },
                                    progress: { applied = $0.applied })
        XCTAssertEqual(stopped.applied, 3)
        XCTAssertEqual(try graz.revisionIDs(), theirs.prefix(3).map(\.revision.revisionID))
        XCTAssertEqual(try graz.store.peerState("singapore").pulledSeq, theirs[2].seq)
        let rest = try graz.pull(from: "singapore", pageLimit: 1, groupAfter: 0)
        XCTAssertEqual(rest.applied, theirs.count - 3)
        XCTAssertEqual(rest.alreadyHad, 0)

        try birmingham.pull(from: "singapore", pageLimit: 1)
        XCTAssertEqual(try graz.revisionIDs(), try birmingham.revisionIDs())
        XCTAssertEqual(try graz.store.peerState("singapore").pulledSeq, try birmingham.store.peerState("singapore").pulledSeq)
        XCTAssertEqual(try graz.local.exportRecords(), try birmingham.local.exportRecords())
    }

    func testServerGoneBetweenPagesLeavesAConsistentStoreAndThePullResumes() throws {
        let nodes = try makeFederation(["birmingham", "singapore"], importing: false)
        let (birmingham, singapore) = (nodes[0], nodes[1])
        try singapore.importCity()
        let theirs = try singapore.store.changes(after: 0, limit: 1000)

        // The second page is fetched while the first is applied (pipelined
        // pull), so it may already have arrived when the server stops after
        // the first: then the third fails. Either way the store holds whole
        // pages only, with the checkpoint at the last one applied.
        var pagesSeen = 0
        let error = expectPeerError(.unavailable) {
            try birmingham.pull(from: "singapore", pageLimit: 2, progress: { _ in
                pagesSeen += 1
                singapore.stop()   // the connection drops after the first page
            })
        }
        XCTAssertTrue((1...2).contains(pagesSeen), "\(pagesSeen)")
        XCTAssertTrue(error?.message.contains("connection refused") ?? false, "\(String(describing: error))")
        let applied = 2 * pagesSeen
        XCTAssertEqual(try birmingham.revisionIDs(), theirs.prefix(applied).map(\.revision.revisionID),
                       "exactly the pages applied, nothing of the next")
        XCTAssertEqual(try birmingham.store.peerState("singapore").pulledSeq, theirs[applied - 1].seq)
        let docs = try birmingham.store.allDocumentIDs(includeDeleted: true)
        XCTAssertEqual(Set(docs), Set(theirs.prefix(applied).map(\.revision.documentID)), "views match the log")

        // Singapore comes back (on another port); the pull resumes from the checkpoint.
        try singapore.serve(certificate: certs.server)
        try birmingham.trust(singapore, caFile: certs.caFile)
        let rest = try birmingham.pull(from: "singapore", pageLimit: 2)
        XCTAssertEqual(rest.applied, 6 - applied)
        XCTAssertEqual(rest.alreadyHad, 0)
        XCTAssertEqual(try birmingham.revisionIDs(), theirs.map(\.revision.revisionID))
    }

    /// The pull fetches a page ahead; a stop after page 3 applies exactly
    /// three pages (the fourth, already fetched, is dropped), and the next
    /// pull asks for it again.
    func testAPageFetchedAheadOfAStopIsNotAppliedAndIsFetchedAgain() throws {
        let nodes = try makeFederation(["birmingham", "singapore"], importing: false)
        let (birmingham, singapore) = (nodes[0], nodes[1])
        try singapore.importCity()
        let theirs = try singapore.store.changes(after: 0, limit: 1000).map(\.revision.revisionID)
        XCTAssertEqual(theirs.count, 6)

        /// Requests singapore answered with 200 so far.
        func served() -> Int {
            let line = singapore.metrics.render().split(separator: "\n")
                .first { $0.hasPrefix("syncnode_http_requests_total{status=\"200\"}") }
            return line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        }
        let before = served()
        var progressCalls = 0
        let first = try birmingham.pull(from: "singapore", pageLimit: 1, shouldStop: { progressCalls == 3 },
                                        progress: { _ in progressCalls += 1 })
        XCTAssertEqual([first.pages, first.applied], [3, 3])
        XCTAssertEqual(served() - before, 4, "three pages applied, and the fourth fetched ahead")
        XCTAssertEqual(try birmingham.revisionIDs(), Array(theirs.prefix(3)))

        var pages = 0
        let rest = try birmingham.pull(from: "singapore", pageLimit: 1, progress: { _ in pages += 1 })
        XCTAssertEqual([rest.pages, rest.applied, rest.alreadyHad], [3, 3, 0])
        XCTAssertEqual(pages, 3)
        XCTAssertEqual(try birmingham.revisionIDs(), theirs, "all, once, in order")
    }
}
