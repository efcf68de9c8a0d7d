import Foundation
import SyncCrypto
import SyncNode
import SyncStore
import XCTest

/// A pull refused for one untrusted revision still lets the push through,
/// and the report keeps what each direction did.
final class RefusedPullTests: FederationTestCase {
    func testRefusedPullStillPushesAndReportsBothDirections() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let (birmingham, singapore) = (nodes[0], nodes[1])
        let lisbonKey = try Ed25519PrivateKey.generate()
        try singapore.trust(name: "lisbon", publicKey: lisbonKey.publicKey, url: "https://127.0.0.1:1", caFile: certs.caFile)
        let lisbon = try Forgery.article(author: "lisbon", key: lisbonKey, title: "Lisbon's open data portal")
        try singapore.store.write { _ = try singapore.store.apply(lisbon, origin: "lisbon", now: Clock.nowMillis()) }

        var options = SyncOptions()
        options.attempts = 1
        let report = try XCTUnwrap(birmingham.runner().run(options, kind: "test").first)
        XCTAssertEqual(report.status, "failed")
        XCTAssertTrue(report.error?.contains("'lisbon' is not a trusted peer") ?? false, "\(String(describing: report.error))")
        XCTAssertEqual(report.pull?.rejected, 1)
        XCTAssertEqual(report.pull?.applied, 0, "the page with Lisbon's revision was refused whole")
        XCTAssertNotNil(report.pull?.error)
        XCTAssertEqual(report.push?.applied, try birmingham.ownRevisions().count, "the push went through regardless")
        XCTAssertFalse(try birmingham.revisionIDs().contains(lisbon.revision.revisionID))
    }
}
