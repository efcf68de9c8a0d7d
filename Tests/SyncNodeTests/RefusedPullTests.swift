import Foundation
import SyncCrypto
import SyncNode
import SyncStore
import XCTest

/// A page carrying one revision this node cannot accept (an author it does
/// not trust) no longer stops the link: that revision is recorded as
/// rejected, the rest of the page is applied, and the push goes through.
final class RefusedPullTests: FederationTestCase {
    func testAnUntrustedRevisionIsRecordedAndTheRestOfThePageApplied() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let (birmingham, singapore) = (nodes[0], nodes[1])
        let lisbonKey = try Ed25519PrivateKey.generate()
        try singapore.trust(name: "lisbon", publicKey: lisbonKey.publicKey, url: "https://127.0.0.1:1", caFile: certs.caFile)
        let lisbon = try Forgery.article(author: "lisbon", key: lisbonKey, title: "Lisbon's open data portal")
        try singapore.store.write { scope in _ = try singapore.store.apply(lisbon, origin: "lisbon", now: WallClock.nowMillis(), in: scope) }

        var options = SyncOptions()
        options.attempts = 1
        let report = try XCTUnwrap(birmingham.runner().run(options, kind: "test").first)
        XCTAssertEqual(report.status, "ok", String(describing: report.error))
        XCTAssertEqual(report.pull?.rejected, 1)
        XCTAssertEqual(report.pull?.applied, try singapore.ownRevisions().count, "the rest of the page was applied")
        XCTAssertEqual(report.pull?.warnings.count, 1)
        XCTAssertEqual(report.push?.applied, try birmingham.ownRevisions().count, "the push went through")
        XCTAssertFalse(try birmingham.revisionIDs().contains(lisbon.revision.revisionID))
        let rejected = try birmingham.store.rejectedRevisions(limit: 10)
        XCTAssertEqual(rejected.map(\.revisionID), [lisbon.revision.revisionID])
        XCTAssertEqual(rejected.map(\.code), ["unknown_author"])
        XCTAssertEqual(rejected.map(\.peer), ["singapore"])

        // Pulling again does not repeat it (the checkpoint moved past it).
        let again = try XCTUnwrap(birmingham.runner().run(options, kind: "test").first)
        XCTAssertEqual(again.pull?.rejected, 0)
        XCTAssertEqual(try birmingham.store.rejectedRevisions(limit: 10).first?.times, 1)
    }
}
