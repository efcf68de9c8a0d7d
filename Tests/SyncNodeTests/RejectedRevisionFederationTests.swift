import Foundation
import SyncCore
import SyncCrypto
import SyncNode
import SyncStore
import XCTest

/// Issue 9, point 3, across three nodes over HTTPS: Birmingham ran an older
/// syncnode that let it write what the rules now refuse, and holds a
/// revision by a city its partners do not trust. Singapore and Rotterdam
/// receive them by pull, push and relay in different orders: each records
/// them as rejected (once, however often they come), takes everything else,
/// and the two end with the same documents. A page with an altered revision
/// is still refused whole.
final class RejectedRevisionFederationTests: FederationTestCase {
    func testRefusedRevisionsAreRecordedByEachReceiverAndEverythingElseConverges() throws {
        let nodes = try makeFederation(["birmingham", "singapore", "rotterdam"])
        let (birmingham, singapore, rotterdam) = (nodes[0], nodes[1], nodes[2])
        let hijack = try legacyWrite(on: birmingham, id: "rotterdam.harbour-by-birmingham",
                                     content: ["title": .text("Rotterdam's harbour, as Birmingham tells it")])
        let broken = try legacyWrite(on: birmingham, id: birmingham.local.mintID(),
                                     content: ["title": .text("A field nobody documented"), "budget": .text("1M")])
        let lisbonKey = try Ed25519PrivateKey.generate()
        try birmingham.trust(name: "lisbon", publicKey: lisbonKey.publicKey, url: "https://127.0.0.1:1", caFile: certs.caFile)
        let lisbon = try Forgery.article(author: "lisbon", key: lisbonKey, title: "Lisbon's tram lines")
        try birmingham.store.write { scope in _ = try birmingham.store.apply(lisbon, origin: "lisbon", now: WallClock.nowMillis(), in: scope) }
        let own = try XCTUnwrap(try birmingham.ownRevisions().first).revision.documentID
        try birmingham.local.edit(own, set: ["category": .text("Edited after the refused ones")])
        let refused = [hijack, broken, lisbon]
        let expectedCodes = [hijack.revision.revisionID: "not_owner", broken.revision.revisionID: "invalid_content",
                             lisbon.revision.revisionID: "unknown_author"]
        let good = try birmingham.store.changes(after: 0, limit: 1_000_000).map(\.signed)
            .filter { r in !refused.contains { $0.revision.dot == r.revision.dot } }
        XCTAssertGreaterThan(good.count, 1)

        // Rotterdam pulls from Birmingham.
        let pulled = try rotterdam.pull(from: "birmingham")
        XCTAssertEqual(pulled.rejected, 3)
        XCTAssertEqual(pulled.applied, good.count, "the rest of the page was applied")
        XCTAssertEqual(pulled.warnings.count, 1)
        try assertRecorded(expectedCodes, on: rotterdam, times: 1)
        try assertHolds(good, not: refused, on: rotterdam)

        // Birmingham pushes to Singapore: the answer lists them with their codes.
        let pushed = try birmingham.push(to: "singapore")
        XCTAssertTrue(pushed.ok)
        XCTAssertEqual(pushed.rejected, 3)
        XCTAssertEqual(pushed.applied, good.count)
        XCTAssertEqual(pushed.warnings.count, 1, "\(pushed.warnings)")
        XCTAssertTrue(pushed.warnings.first?.contains("singapore refused 3 revisions") ?? false, "\(pushed.warnings)")
        XCTAssertFalse(pushed.restoreDetected)
        try assertRecorded(expectedCodes, on: singapore, times: 1)
        try assertHolds(good, not: refused, on: singapore)

        // Relays: nobody passes on what it refused.
        for (node, peer) in [(singapore, "rotterdam"), (rotterdam, "singapore"), (birmingham, "singapore"), (birmingham, "rotterdam")] {
            let report = try node.pull(from: peer)
            XCTAssertEqual(report.rejected, 0, "\(node.name) from \(peer)")
            XCTAssertFalse(report.restoreDetected, "\(node.name) from \(peer)")
        }

        // Pulling again: Rotterdam's checkpoint is past them; Singapore never
        // pulled from Birmingham, so it reads them once more and counts them.
        XCTAssertEqual(try rotterdam.pull(from: "birmingham").rejected, 0)
        try assertRecorded(expectedCodes, on: rotterdam, times: 1)
        XCTAssertEqual(try singapore.pull(from: "birmingham").rejected, 3)
        XCTAssertEqual(try singapore.pull(from: "birmingham").rejected, 0)
        try assertRecorded(expectedCodes, on: singapore, times: 2)
        let reread = try rotterdam.pull(from: "birmingham", fromStart: true)
        XCTAssertEqual(reread.rejected, 3)
        XCTAssertEqual(reread.applied, 0, "idempotent: \(reread)")
        try assertRecorded(expectedCodes, on: rotterdam, times: 2)

        // The receivers show the same documents: Birmingham's, without the three.
        let seen = try rotterdam.local.exportRecords()
        XCTAssertEqual(try singapore.local.exportRecords(), seen)
        let withoutRefused = try birmingham.local.exportRecords().filter { r in
            !refused.contains { $0.revision.documentID == r.id }
        }
        XCTAssertEqual(withoutRefused, seen)
        XCTAssertEqual(try birmingham.local.exportRecords().count, seen.count + 3)
        XCTAssertEqual(try birmingham.store.rejectedCount(), 0)

        // An altered revision still refuses its whole page, the good edit after it included.
        let altered = Forgery.altered(try Forgery.article(author: "birmingham", key: birmingham.key, counter: 5_000,
                                                          title: "Signed, then changed"))
        try birmingham.store.write { scope in _ = try birmingham.store.apply(altered, origin: "mallory", now: WallClock.nowMillis(), in: scope) }
        let after = try birmingham.local.edit(own, set: ["category": .text("After the altered one")])
        for node in [rotterdam, singapore] {
            let before = try node.digest()
            let error = expectPeerError(.rejected) { try node.pull(from: "birmingham") }
            XCTAssertTrue(error?.message.contains("does not verify") ?? false, "\(String(describing: error))")
            XCTAssertEqual(try node.digest(), before, "\(node.name): nothing applied, the checkpoint unmoved")
            XCTAssertFalse(try node.store.hasRevision(after.revision.dot))
            try assertRecorded(expectedCodes, on: node, times: 2)
        }
    }

    /// Singapore's older syncnode created a document in Rotterdam's
    /// namespace, Birmingham took it, then Singapore's disk failed and its
    /// backup is older than that write. Pulled back, its own revision is
    /// refused: that must settle the restore, not start it again on every pull.
    func testAnOwnRevisionThisNodeRefusesDoesNotLookLikeARestoreOnEveryPull() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let (birmingham, singapore) = (nodes[0], nodes[1])
        let lost = try signed(Revision(documentID: "rotterdam.written-by-singapore", kind: .article,
                                       dot: Dot(actor: "singapore", counter: try singapore.store.counter + 1),
                                       context: VersionVector(), author: "singapore",
                                       timestamp: HybridTimestamp(millis: WallClock.nowMillis()), tombstone: false,
                                       content: Content(["title": .text("Singapore on Rotterdam's harbour")])),
                              by: singapore)
        try birmingham.store.write { scope in _ = try birmingham.store.apply(lost, origin: "singapore", now: WallClock.nowMillis(), in: scope) }

        let first = try singapore.pull(from: "birmingham")
        XCTAssertTrue(first.restoreDetected, "Birmingham holds a write Singapore does not")
        XCTAssertEqual(first.rejected, 1)
        try assertRecorded([lost.revision.revisionID: "not_owner"], on: singapore, times: 1)
        XCTAssertNil(try singapore.store.restoredFromBackup, "Birmingham, its only peer, was read whole")
        for attempt in 2...3 {
            let again = try singapore.pull(from: "birmingham")
            XCTAssertFalse(again.restoreDetected, "pull \(attempt): the refused write was seen already")
            XCTAssertEqual(again.rejected, 0, "pull \(attempt)")
        }
        try assertRecorded([lost.revision.revisionID: "not_owner"], on: singapore, times: 1)
        let next = try singapore.local.edit(try XCTUnwrap(try singapore.ownRevisions().first).revision.documentID,
                                            set: ["category": .text("Written after")])
        XCTAssertEqual(next.revision.revisionID, "singapore~2:1", "the refused write's counter is not reused")
        XCTAssertEqual(try birmingham.pull(from: "singapore").rejected, 0)
    }

    // MARK: helpers

    /// A creating revision written through the store directly, as a syncnode
    /// without the ownership and schema checks would have.
    private func legacyWrite(on node: TestNode, id: String, content: [String: FieldValue]) throws -> SignedRevision {
        try node.store.write { scope in
            try node.store.commitLocal(documentID: id, kind: .article, content: Content(content), tombstone: false,
                                       now: WallClock.nowMillis(), sign: node.local.sign, in: scope)
        }
    }

    private func signed(_ revision: Revision, by node: TestNode) throws -> SignedRevision {
        SignedRevision(revision: revision, signature: try node.key.sign(CanonicalEncoding.signingBytes(of: revision)))
    }

    /// `node` records exactly `codes` (revision id to code), each received `times` times from Birmingham.
    private func assertRecorded(_ codes: [String: String], on node: TestNode, times: Int,
                                file: StaticString = #filePath, line: UInt = #line) throws {
        let recorded = try node.store.rejectedRevisions(limit: 100)
        XCTAssertEqual(Dictionary(recorded.map { ($0.revisionID, $0.code) }, uniquingKeysWith: { a, b in a + "," + b }), codes,
                       node.name, file: file, line: line)
        XCTAssertEqual(recorded.map(\.times), Array(repeating: times, count: recorded.count), node.name, file: file, line: line)
        XCTAssertEqual(Set(recorded.map(\.peer)), ["birmingham"], node.name, file: file, line: line)
        XCTAssertEqual(try node.store.rejectedCount(), codes.count, node.name, file: file, line: line)
    }

    /// `node` holds every revision of `good` and none of `refused`.
    private func assertHolds(_ good: [SignedRevision], not refused: [SignedRevision], on node: TestNode,
                             file: StaticString = #filePath, line: UInt = #line) throws {
        for r in good { XCTAssertTrue(try node.store.hasRevision(r.revision.dot), "\(node.name) lacks \(r.revision.revisionID)", file: file, line: line) }
        for r in refused { XCTAssertFalse(try node.store.hasRevision(r.revision.dot), "\(node.name) took \(r.revision.revisionID)", file: file, line: line) }
    }
}
