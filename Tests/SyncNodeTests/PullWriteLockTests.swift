import Foundation
import HTTPServer
import SQLite
import Synchronization
import SyncCore
import SyncNode
import SyncProtocol
import SyncStore
import TestSupport
import XCTest

/// A pull writes only while it applies a page: an empty page that only
/// moves the cursor (a window of this node's own revisions, left out by
/// the peer) is followed by the next page's download with no write lock
/// held, so `serve` applying a push or a local edit is not kept waiting.
final class PullWriteLockTests: FederationTestCase {
    func testASkipPageDoesNotHoldTheWriteLockWhileTheNextPageIsOnItsWay() throws {
        let storePath = Mutex("")
        let otherWriterLockedOut = Mutex<Bool?>(nil)
        let peer = try HostilePeer(name: "lisbon", certificate: certs.server) { request in
            let since = UInt64(request.query("since") ?? "0") ?? 0
            if since == 0 {
                // A window of the requester's own revisions, left out: empty, has_more.
                return HostilePeer.json(ChangesPage(node: "lisbon", since: 0, next: 10, hasMore: true, entries: []).encoded())
            }
            // While this page is "on the network", another writer (serve applying a push) tries the store.
            do {
                let other = try Connection(path: storePath.withLock { $0 }, mode: .readWrite, busyTimeoutMillis: 0)
                do {
                    try other.execute("BEGIN IMMEDIATE")
                    try other.execute("ROLLBACK")
                    otherWriterLockedOut.withLock { $0 = false }
                } catch let e as SQLiteError where e.isBusy {
                    otherWriterLockedOut.withLock { $0 = true }
                }
            } catch {}
            Thread.sleep(forTimeInterval: 0.5)   // a slow network
            return HostilePeer.json(ChangesPage(node: "lisbon", since: since, next: 10, hasMore: false, entries: []).encoded())
        }
        let node = try makeNode("birmingham", importing: false)
        try node.trust(name: peer.name, publicKey: peer.key.publicKey, url: peer.url, caFile: certs.caFile)
        storePath.withLock { $0 = node.store.path }

        _ = try node.pull(from: "lisbon")
        let lockedOut = try XCTUnwrap(otherWriterLockedOut.withLock { $0 })
        XCTAssertFalse(lockedOut, "the puller held the write lock (BEGIN IMMEDIATE) while waiting for the next page from the network")
    }
}
