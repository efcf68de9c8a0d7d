import Foundation
import SyncCore
import SyncCrypto
import SyncNode
import SyncStore
import XCTest

/// Key rotation and revocation: old revisions stay valid under
/// `previous_keys`, are refused under `revoked_keys`, and a retired key can
/// no longer speak for the peer on the wire.
final class KeyRotationTests: FederationTestCase {
    func testRotatedKeyKeepsOldRevisionsValidAndRetiresTheOldKeyForRequests() throws {
        let birmingham = try makeNode("birmingham")
        let singapore = try makeNode("singapore")
        let newYork = try makeNode("new-york", importing: false)
        try birmingham.serve(certificate: certs.server)
        try singapore.trust(birmingham, caFile: certs.caFile)
        try birmingham.trust(singapore, url: "https://127.0.0.1:1", caFile: certs.caFile)
        try singapore.pull(from: "birmingham")
        let oldKey = birmingham.identity.publicKey
        let oldSigner = birmingham.key
        let oldRevisions = try birmingham.ownRevisions().count

        try birmingham.rotateKey()
        XCTAssertNotEqual(birmingham.identity.publicKey, oldKey)
        XCTAssertEqual(birmingham.identity.previousKeys, [oldKey])
        _ = try birmingham.local.edit(try birmingham.store.list(ListFilter(limit: 1))[0].id, set: ["summary": .text("Signed with the new key.")])
        try birmingham.serve(certificate: certs.server)

        // Singapore still trusts only the old key: the new revision is refused.
        try singapore.trust(name: "birmingham", publicKey: oldKey, url: birmingham.url, caFile: certs.caFile)
        let before = try singapore.revisionIDs()
        _ = expectPeerError(.rejected) { try singapore.pull(from: "birmingham") }
        XCTAssertEqual(try singapore.revisionIDs(), before)

        // With the new key and the old one as previous, everything verifies.
        try TrustStore.save(PeerConfig(name: "birmingham", url: birmingham.url, publicKey: birmingham.identity.publicKey,
                                       caFile: certs.caFile, previousKeys: [oldKey]), in: singapore.home.peersPath)
        XCTAssertEqual(try singapore.pull(from: "birmingham").applied, 1)

        // A third city relayed the old revisions: without previous_keys it refuses them, with them it accepts.
        try singapore.serve(certificate: certs.server)
        try singapore.trust(newYork, url: "https://127.0.0.1:1", caFile: certs.caFile)
        try newYork.trust(singapore, caFile: certs.caFile)
        try newYork.trust(name: "birmingham", publicKey: birmingham.identity.publicKey, url: "https://127.0.0.1:1", caFile: certs.caFile)
        let refused = expectPeerError(.rejected) { try newYork.pull(from: "singapore") }
        XCTAssertTrue(refused?.message.contains("does not verify with birmingham's key") ?? false, "\(String(describing: refused))")
        XCTAssertEqual(try newYork.revisionIDs(), [])
        try TrustStore.save(PeerConfig(name: "birmingham", url: "https://127.0.0.1:1", publicKey: birmingham.identity.publicKey,
                                       caFile: certs.caFile, revokedKeys: [oldKey]), in: newYork.home.peersPath)
        // A revoked key is a disagreement, not tampering: those revisions are
        // recorded as rejected and the rest of the page is applied.
        let revoked = try newYork.pull(from: "singapore")
        XCTAssertEqual(revoked.rejected, oldRevisions)
        XCTAssertEqual(revoked.applied, 1 + (try singapore.ownRevisions().count))
        let rejected = try newYork.store.rejectedRevisions(limit: 100)
        XCTAssertEqual(rejected.count, oldRevisions)
        XCTAssertEqual(Set(rejected.map(\.code)), ["revoked_key"])
        XCTAssertEqual(try newYork.revisionIDs().filter { $0.hasPrefix("birmingham:") }, ["birmingham:\(oldRevisions + 1)"])
        // Trusted again (as a previous key), a re-read from the start brings them in and clears the record.
        try TrustStore.save(PeerConfig(name: "birmingham", url: "https://127.0.0.1:1", publicKey: birmingham.identity.publicKey,
                                       caFile: certs.caFile, previousKeys: [oldKey]), in: newYork.home.peersPath)
        let report = try newYork.pull(from: "singapore", fromStart: true)
        XCTAssertEqual(report.applied, oldRevisions)
        XCTAssertEqual(try newYork.store.rejectedCount(), 0)

        // The retired key may not sign requests any more, though it still validates old revisions.
        let retired = try SignedRequester(name: "birmingham", key: oldSigner, baseURL: singapore.url, caFile: certs.caFile)
        let response = try retired.send("GET", "/v1/changes?since=0&limit=10")
        assertError(response, status: 401, code: "unauthenticated")
        let current = try requester(from: birmingham, to: singapore)
        XCTAssertEqual(try current.send("GET", "/v1/changes?since=0&limit=10").status, 200)
    }

    func testRestoredNodeAcceptsItsOwnRevisionsSignedBeforeARotation() throws {
        let birmingham = try makeNode("birmingham")
        let singapore = try makeNode("singapore", importing: false)
        try singapore.serve(certificate: certs.server)
        try birmingham.trust(singapore, caFile: certs.caFile)
        try singapore.trust(birmingham, url: "https://127.0.0.1:1", caFile: certs.caFile)
        let backup = birmingham.directory.path("backup.sqlite")
        try birmingham.store.backup(to: backup)
        _ = try birmingham.local.edit(try birmingham.store.list(ListFilter(limit: 1))[0].id, set: ["summary": .text("Lost in the restore.")])
        try birmingham.push(to: "singapore")
        let lost = try birmingham.revisionIDs()

        let oldKey = birmingham.identity.publicKey
        try birmingham.rotateKey()
        try TrustStore.save(PeerConfig(name: "birmingham", url: "https://127.0.0.1:1", publicKey: birmingham.identity.publicKey,
                                       caFile: certs.caFile, previousKeys: [oldKey]), in: singapore.home.peersPath)
        try birmingham.restore(from: backup)
        XCTAssertEqual(birmingham.identity.previousKeys.count, 1)
        try birmingham.pull(from: "singapore")
        XCTAssertEqual(Set(try birmingham.revisionIDs()), Set(lost), "its own pre-rotation revisions came back and verified")
    }
}
