import Foundation
import SyncCore
import SyncNode
import SyncStore
import XCTest

/// The hardest restore: the whole home (store and write mark) comes back
/// from a backup, and the node writes before it syncs, so it reuses a write
/// counter a peer already holds with other content. Every node must still
/// end with the same documents, and neither the forgotten write nor the new
/// one may be lost.
final class ReusedCounterRepairTests: FederationTestCase {
    func testAWriteThatReusedACounterIsWrittenAgainAndTheForgottenOneKept() throws {
        let nodes = try makeFederation(["birmingham", "singapore", "new-york"])
        let (birmingham, singapore, newYork) = (nodes[0], nodes[1], nodes[2])
        try singapore.pull(from: "birmingham")
        try newYork.pull(from: "birmingham")
        let ids = try birmingham.store.allDocumentIDs(includeDeleted: false).filter { $0.hasPrefix("birmingham.") }
        XCTAssertGreaterThanOrEqual(ids.count, 2)

        // Last night's backup of the whole home: the store (not marked as a
        // backup, like a file-system snapshot) and the write mark.
        let backup = birmingham.directory.path("snapshot.sqlite")
        try birmingham.store.backup(to: backup)
        try Store.open(at: backup).clearRestoredMark()
        let markAtBackup = try XCTUnwrap(FileManager.default.contents(atPath: birmingham.home.writeMarkPath))

        // Written after the backup; only Singapore receives it.
        let forgotten = try birmingham.local.edit(ids[0], set: ["category": .text("Written before the disk failed")])
        XCTAssertEqual(try birmingham.push(to: "singapore").applied, 1)

        // The whole home comes back; nothing local can tell. The node writes at once.
        XCTAssertTrue(FileManager.default.createFile(atPath: birmingham.home.writeMarkPath, contents: markAtBackup))
        try birmingham.restore(from: backup)
        XCTAssertNil(birmingham.local.restoredAs, "the write mark came back too")
        usleep(5_000)   // a later write than the forgotten one, as after any real restore
        let reused = try birmingham.local.edit(ids[1], set: ["category": .text("Written after the restore")])
        XCTAssertEqual(reused.revision.dot, forgotten.revision.dot, "the counter is used twice")

        // New York never had the original: it takes the new write.
        XCTAssertEqual(try birmingham.push(to: "new-york").applied, 1)
        // Singapore keeps the original (the earlier write) and says so: that tells Birmingham it was restored.
        let refused = try birmingham.push(to: "singapore")
        XCTAssertEqual(refused.rejected, 1)
        XCTAssertTrue(refused.restoreDetected)
        XCTAssertEqual(try singapore.store.rejectedRevisions(limit: 10).map(\.code), ["reused_counter"])

        // Birmingham's next pull brings the original back and writes its own edit again under a new epoch.
        let pulled = try birmingham.pull(from: "singapore")
        XCTAssertEqual(pulled.reissued, 1, "\(pulled)")
        XCTAssertEqual(try birmingham.store.actor, "birmingham~2")
        let now = WallClock.nowMillis()
        XCTAssertEqual(try birmingham.store.document(ids[0], now: now)?.content.text("category"), "Written before the disk failed")
        XCTAssertEqual(try birmingham.store.document(ids[1], now: now)?.content.text("category"), "Written after the restore")
        XCTAssertEqual(try birmingham.store.document(ids[1], now: now)?.siblings.map(\.revisionID), ["birmingham~2:1"])

        // Everyone syncs with everyone (Birmingham pushes, the others pull through it).
        try birmingham.serve(certificate: certs.server)
        for _ in 0..<2 {
            try birmingham.push(to: "singapore")
            try birmingham.push(to: "new-york")
            try birmingham.pull(from: "new-york")
            try birmingham.pull(from: "singapore")
        }
        let export = try birmingham.local.exportRecords(now: now)
        XCTAssertEqual(try singapore.local.exportRecords(now: now), export)
        XCTAssertEqual(try newYork.local.exportRecords(now: now), export)
        for node in [birmingham, singapore, newYork] {
            XCTAssertEqual(try node.store.document(ids[0], now: now)?.content.text("category"), "Written before the disk failed", node.name)
            XCTAssertEqual(try node.store.document(ids[1], now: now)?.content.text("category"), "Written after the restore", node.name)
        }
        // New York withdrew the reused write in favour of the original, and recorded it.
        XCTAssertEqual(try newYork.store.rejectedRevisions(limit: 10).map(\.revisionID), [reused.revision.revisionID])
    }
}
