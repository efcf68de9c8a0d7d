import Foundation
import SyncCore
import SyncNode
import SyncProtocol
import XCTest

/// The puller's side: a peer whose TLS certificate does not verify, or whose
/// page carries an altered revision, gets nothing into the store and does
/// not move the checkpoint.
final class PeerTrustTests: FederationTestCase {
    func testServerCertificateFromAnotherCAFailsTheTLSHandshake() throws {
        let birmingham = try makeNode("birmingham")
        let singapore = try makeNode("singapore")
        try singapore.serve(certificate: certs.rogueServer)
        try singapore.trust(birmingham, url: "https://127.0.0.1:1", caFile: certs.caFile)
        try birmingham.trust(singapore, caFile: certs.caFile)
        let before = try birmingham.digest()
        let error = expectPeerError(.unavailable) { try birmingham.pull(from: "singapore") }
        XCTAssertTrue(error?.message.contains("TLS verification failed") ?? false, "\(String(describing: error))")
        XCTAssertEqual(try birmingham.digest(), before)
        XCTAssertEqual(try singapore.store.allPeerStates(), [], "no request reached Singapore's handlers")
    }

    func testExpiredServerCertificateFailsTheTLSHandshake() throws {
        let birmingham = try makeNode("birmingham")
        let singapore = try makeNode("singapore")
        try singapore.serve(certificate: certs.expiredServer)
        try birmingham.trust(singapore, caFile: certs.caFile)
        let before = try birmingham.digest()
        let error = expectPeerError(.unavailable) { try birmingham.push(to: "singapore") }
        XCTAssertTrue(error?.message.contains("TLS verification failed") ?? false, "\(String(describing: error))")
        XCTAssertEqual(try birmingham.digest(), before)
        XCTAssertEqual(try singapore.revisionIDs().filter { $0.hasPrefix("birmingham") }, [])

        // Control: the same node with a current certificate from the same CA is reachable.
        try singapore.serve(certificate: certs.server)
        try singapore.trust(birmingham, url: "https://127.0.0.1:1", caFile: certs.caFile)
        try birmingham.trust(singapore, caFile: certs.caFile)
        XCTAssertEqual(try birmingham.push(to: "singapore").applied, try birmingham.ownRevisions().count)
    }

    func testPulledPageWithAnAlteredRevisionIsRefusedWhole() throws {
        let singapore = try makeNode("singapore")
        let birmingham = try makeNode("birmingham")
        let genuine = try singapore.ownRevisions()
        // Rotterdam relays Singapore's revisions, signing its answers with its own key.
        let rotterdam = try FakePeer(name: "rotterdam", certificate: certs.server, revisions: genuine)
        try birmingham.trust(name: "rotterdam", publicKey: rotterdam.key.publicKey, url: rotterdam.url, caFile: certs.caFile)
        try birmingham.trust(singapore, url: "https://127.0.0.1:1", caFile: certs.caFile)
        let before = try birmingham.digest()

        let error = expectPeerError(.rejected) { try birmingham.pull(from: "rotterdam", pageLimit: 4) }
        let altered = genuine[3].revision
        XCTAssertTrue(error?.message.contains(altered.documentID) ?? false, "\(String(describing: error))")
        XCTAssertTrue(error?.message.contains("does not verify with singapore's key") ?? false, "\(String(describing: error))")
        XCTAssertEqual(try birmingham.digest(), before, "none of the page's 3 good revisions, no checkpoint")
        XCTAssertEqual(try birmingham.store.peerState("rotterdam").pulledSeq, 0)
        XCTAssertEqual(rotterdam.state.pagesServed.load(ordering: .relaxed), 2,
                       "it stopped at the bad page (the one after it was fetched ahead, never applied)")

        // Control: the same peer serving the genuine revisions is accepted,
        // so only the alteration made the difference.
        rotterdam.state.honest.store(true, ordering: .relaxed)
        let report = try birmingham.pull(from: "rotterdam", pageLimit: 4)
        XCTAssertEqual(report.applied, genuine.count)
        XCTAssertEqual(try birmingham.store.peerState("rotterdam").pulledSeq, Int64(genuine.count))
        XCTAssertEqual(try birmingham.store.changes(after: 0, limit: 1000).filter { $0.origin == "rotterdam" }.map(\.signed), genuine)
    }

    func testGoodPagesBeforeAnAlteredOneAreKeptWhenAppliedTogether() throws {
        let singapore = try makeNode("singapore")
        let birmingham = try makeNode("birmingham")
        let genuine = try singapore.ownRevisions()
        XCTAssertGreaterThanOrEqual(genuine.count, 6)
        let rotterdam = try FakePeer(name: "rotterdam", certificate: certs.server, revisions: genuine)
        rotterdam.state.alteredFrom.store(5, ordering: .relaxed)   // pages of 2: the third page is bad
        try birmingham.trust(name: "rotterdam", publicKey: rotterdam.key.publicKey, url: rotterdam.url, caFile: certs.caFile)
        try birmingham.trust(singapore, url: "https://127.0.0.1:1", caFile: certs.caFile)

        // After the first page the pull applies pages in groups: the bad
        // page is refused before anything of it is written, and the group
        // holding the page before it commits.
        let error = expectPeerError(.rejected) { try birmingham.pull(from: "rotterdam", pageLimit: 2, groupAfter: 0) }
        XCTAssertTrue(error?.message.contains(genuine[5].revision.documentID) ?? false, "\(String(describing: error))")
        XCTAssertEqual(error?.partial?.applied, 4, "\(String(describing: error))")
        XCTAssertEqual(try birmingham.store.peerState("rotterdam").pulledSeq, 4)
        XCTAssertEqual(try birmingham.store.changes(after: 0, limit: 1000).filter { $0.origin == "rotterdam" }.map(\.signed),
                       Array(genuine.prefix(4)))
    }
}
