import Foundation
import SyncCore
import SyncNode
import SyncStore
import XCTest

/// A node restored from a backup has forgotten its latest writes. Syncing
/// with a peer that holds them must move it to a new actor epoch before it
/// writes again, so that no write counter is ever used twice.
final class RestoreTests: FederationTestCase {
    func testRestoredNodeMovesToANewEpochAndItsNextWriteDoesNotCollide() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let (birmingham, singapore) = (nodes[0], nodes[1])
        try singapore.pull(from: "birmingham")
        let backup = birmingham.directory.path("store-backup.sqlite")
        try birmingham.store.backup(to: backup)
        let counterAtBackup = try birmingham.store.counter
        XCTAssertEqual(counterAtBackup, 5)

        // Written after the backup, and synced to Singapore.
        let id = try XCTUnwrap(try birmingham.store.search("BRUM").first?.id)
        let lostEdit = try birmingham.local.edit(id, set: ["category": .text("Customer Service")])
        let lostID = try birmingham.local.add(DocumentRecord(id: nil, kind: .article, content: Content([
            "title": .text("Canal towpaths resurfaced"), "city": .text("birmingham"), "language": .text("en")])))
        XCTAssertEqual(try birmingham.push(to: "singapore").applied, 2)
        XCTAssertEqual(lostEdit.revision.revisionID, "birmingham:6")

        // The disk fails; the operator restores last night's backup.
        // Opening it, the node sees that the home's write mark knows more
        // writes than the store: it moves to a new epoch before any write.
        try birmingham.restore(from: backup)
        XCTAssertEqual(birmingham.local.restoredAs, "birmingham~2")
        XCTAssertEqual(try birmingham.store.counter, 0)
        XCTAssertEqual(try birmingham.store.highestCounter(of: "birmingham"), counterAtBackup)
        XCTAssertNil(try birmingham.store.document(lostID, now: 0))

        // Sync with Singapore, which holds the writes Birmingham forgot.
        var options = SyncOptions()
        options.attempts = 1
        let reports = try birmingham.runner().run(options, kind: "manual")
        XCTAssertEqual(reports.map(\.status), ["ok"], "\(reports)")
        XCTAssertEqual(try birmingham.store.actor, "birmingham~2", "a new epoch before writing again")
        XCTAssertEqual(try birmingham.store.counter, 0)
        XCTAssertTrue(try birmingham.store.hasRevision(lostEdit.revision.dot), "the forgotten edit came back")
        XCTAssertEqual(try birmingham.store.document(lostID, now: 0)?.content.text("title"), "Canal towpaths resurfaced")

        // The next write uses the new actor: nothing collides at Singapore.
        let next = try birmingham.local.edit(id, set: ["summary": .text("Restored, and still answering calls.")])
        XCTAssertEqual(next.revision.revisionID, "birmingham~2:1")
        XCTAssertTrue(next.revision.context.covers(lostEdit.revision.dot), "it saw the forgotten edit")
        let push = try birmingham.push(to: "singapore")
        XCTAssertEqual(push.applied, 1)
        XCTAssertEqual(push.rejected, 0)
        XCTAssertTrue(try birmingham.trustStore().verify(next) == .valid, "still signed by Birmingham's key")
        let now = WallClock.nowMillis()
        let there = try XCTUnwrap(try singapore.store.document(id, now: now))
        XCTAssertEqual(there.content, try birmingham.store.document(id, now: now)?.content)
        XCTAssertEqual(there.content.text("category"), "Customer Service")
        XCTAssertEqual(there.siblings.map(\.revisionID), ["birmingham~2:1"])
        XCTAssertNil(try birmingham.store.restoredFromBackup, "caught up: later pulls leave its own revisions out again")
    }

    func testRestoredNodeThatWritesBeforeSyncingStillNeverReusesACounter() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let (birmingham, singapore) = (nodes[0], nodes[1])
        try singapore.pull(from: "birmingham")
        let backup = birmingham.directory.path("store-backup.sqlite")
        try birmingham.store.backup(to: backup)
        XCTAssertNil(try birmingham.store.restoredFromBackup, "only the copy is marked")
        let ids = try birmingham.store.allDocumentIDs(includeDeleted: false)
        let lost = try birmingham.local.edit(ids[0], set: ["category": .text("Lost and found")])
        XCTAssertEqual(try birmingham.push(to: "singapore").applied, 1)

        try birmingham.restore(from: backup)
        XCTAssertEqual(try birmingham.store.restoredFromBackup, "birmingham")
        // The very first write after the restore, before any sync, takes a new epoch.
        let first = try birmingham.local.edit(ids[1], set: ["category": .text("Written after the restore")])
        XCTAssertEqual(first.revision.revisionID, "birmingham~2:1")
        XCTAssertNotEqual(first.revision.dot, lost.revision.dot)
        let push = try birmingham.push(to: "singapore")
        XCTAssertEqual(push.applied, 1, "no collision with \(lost.revision.revisionID) at Singapore")

        // Syncing later brings the forgotten edit back without another epoch.
        let pull = try birmingham.pull(from: "singapore")
        XCTAssertEqual(pull.rejected, 0)
        XCTAssertTrue(try birmingham.store.hasRevision(lost.revision.dot))
        XCTAssertEqual(try birmingham.store.actor, "birmingham~2")
        XCTAssertEqual(try birmingham.store.counter, 1)
        XCTAssertNil(try birmingham.store.restoredFromBackup)
        let now = WallClock.nowMillis()
        for id in ids {
            XCTAssertEqual(try birmingham.store.document(id, now: now)?.content, try singapore.store.document(id, now: now)?.content, id)
        }
    }
}
