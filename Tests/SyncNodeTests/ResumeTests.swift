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

    func testServerGoneBetweenPagesLeavesAConsistentStoreAndThePullResumes() throws {
        let nodes = try makeFederation(["birmingham", "singapore"], importing: false)
        let (birmingham, singapore) = (nodes[0], nodes[1])
        try singapore.importCity()
        let theirs = try singapore.store.changes(after: 0, limit: 1000)

        var pagesSeen = 0
        let error = expectPeerError(.unavailable) {
            try birmingham.pull(from: "singapore", pageLimit: 2, progress: { _ in
                pagesSeen += 1
                singapore.stop()   // the connection drops before the second page
            })
        }
        XCTAssertEqual(pagesSeen, 1)
        XCTAssertTrue(error?.message.contains("connection refused") ?? false, "\(String(describing: error))")
        XCTAssertEqual(try birmingham.revisionIDs(), theirs.prefix(2).map(\.revision.revisionID),
                       "exactly the first page, nothing of the second")
        XCTAssertEqual(try birmingham.store.peerState("singapore").pulledSeq, theirs[1].seq)
        let docs = try birmingham.store.allDocumentIDs(includeDeleted: true)
        XCTAssertEqual(Set(docs), Set(theirs.prefix(2).map(\.revision.documentID)), "views match the log")

        // Singapore comes back (on another port); the pull resumes from the checkpoint.
        try singapore.serve(certificate: certs.server)
        try birmingham.trust(singapore, caFile: certs.caFile)
        let rest = try birmingham.pull(from: "singapore", pageLimit: 2)
        XCTAssertEqual(rest.applied, 4)
        XCTAssertEqual(rest.alreadyHad, 0)
        XCTAssertEqual(try birmingham.revisionIDs(), theirs.map(\.revision.revisionID))
    }
}
