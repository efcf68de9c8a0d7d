import SyncCore
@testable import SyncStore
import XCTest

/// `Store.logWindow`, which a server's kept pages rely on: a stretch of the
/// log only ever loses entries (a withdrawal), never gains one, and the
/// head it reports is the log's last sequence number.
final class StoreLogWindowTests: StoreTestCase {
    func testTheWindowCountsItsEntriesAndSeesAWithdrawalAndTheHead() throws {
        XCTAssertEqual(try store.logWindow(after: 0, through: 10).entries, 0)
        XCTAssertEqual(try store.logWindow(after: 0, through: 10).head, 0)
        let held = (1...4).map { Self.remote("beta.d\($0)", dot: "beta:\($0)", millis: now + UInt64($0) * 1000, Self.article("Doc \($0)")) }
        for r in held { try receive(r) }
        XCTAssertEqual(try store.logWindow(after: 0, through: 2).entries, 2)
        XCTAssertEqual(try store.logWindow(after: 0, through: 2).head, 4)
        XCTAssertEqual(try store.logWindow(after: 2, through: 4).entries, 2)

        // A twin of beta:2 written earlier: the held one (seq 2) leaves, the twin comes in at seq 5.
        let twin = Self.remote("beta.d2", dot: "beta:2", millis: now + 500, Self.article("Doc 2 again"))
        let withdrawn = try store.write { scope in try store.applyReceived(twin, origin: "beta", now: now, in: scope).withdrawn }
        XCTAssertEqual(withdrawn.map(\.record.seq), [2])
        XCTAssertEqual(try store.logWindow(after: 0, through: 2).entries, 1, "seq 2 left the window")
        XCTAssertEqual(try store.logWindow(after: 2, through: 4).entries, 2, "the stretch after it is unchanged")
        XCTAssertEqual(try store.logWindow(after: 0, through: 2).head, 5)
    }
}
