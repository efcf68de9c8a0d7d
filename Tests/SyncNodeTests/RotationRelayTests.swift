import Foundation
import SyncCore
import SyncNode
import SyncStore
import XCTest

/// A key rotation seen through a relay: in one sync run, a node adopts
/// Birmingham's new key from Birmingham itself and then pulls Birmingham's
/// new-key revisions relayed by Singapore. The relayed page must verify with
/// the key just adopted, not be refused as forged (found by following
/// docs/operations.md with three cities).
final class RotationRelayTests: FederationTestCase {
    func testARevisionSignedWithAKeyAdoptedEarlierInTheRunVerifiesWhenRelayed() throws {
        let nodes = try makeFederation(["birmingham", "singapore", "new-york"])
        let (birmingham, singapore, newYork) = (nodes[0], nodes[1], nodes[2])
        try singapore.serve(certificate: certs.server)
        try newYork.trust(singapore, caFile: certs.caFile)
        try singapore.trust(newYork, url: "https://127.0.0.1:1", caFile: certs.caFile)
        var options = SyncOptions()
        options.attempts = 1
        options.concurrency = 1
        options.push = false
        XCTAssertEqual(try newYork.runner().run(options, kind: "manual").map(\.status), ["ok", "ok"])

        // Birmingham rotates its key and writes with the new one; Singapore
        // adopts the key and takes the revision.
        let oldKey = birmingham.identity.publicKey
        try birmingham.rotateKey()
        let id = try XCTUnwrap(try birmingham.store.allDocumentIDs(includeDeleted: false).first {
            try $0.hasPrefix("birmingham.") && birmingham.store.document($0, now: 0)?.kind == .article
        })
        let edit = try birmingham.local.edit(id, set: ["summary": .text("Written with the new key.")])
        try birmingham.serve(certificate: certs.server)
        // Its server restarted on a new port: both partners still trust the old key there.
        try singapore.trust(name: "birmingham", publicKey: oldKey, url: birmingham.url, caFile: certs.caFile)
        try newYork.trust(name: "birmingham", publicKey: oldKey, url: birmingham.url, caFile: certs.caFile)
        let adopted = try XCTUnwrap(try singapore.runner().run(options, kind: "manual").first { $0.peer == "birmingham" })
        XCTAssertEqual(adopted.status, "ok", String(describing: adopted.error))
        XCTAssertTrue(try singapore.store.hasRevision(edit.revision.dot))

        // New York: Singapore's page (relaying the new-key revision) comes
        // after Birmingham's key check in the same run.
        let reports = try newYork.runner().run(options, kind: "manual")
        XCTAssertEqual(reports.map(\.peer), ["birmingham", "singapore"])
        XCTAssertEqual(reports.map(\.status), ["ok", "ok"], reports.map { $0.error ?? "" }.joined(separator: "; "))
        XCTAssertEqual(try newYork.store.document(id, now: WallClock.nowMillis())?.content.text("summary"), "Written with the new key.")
    }
}
