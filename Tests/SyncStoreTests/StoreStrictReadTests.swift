import SyncCore
@testable import SyncStore
import XCTest

/// What the store reads back is what its schema says: a kind it does not
/// know, or a NULL where a value belongs, is reported as damage, never
/// shown as a guess.
final class StoreStrictReadTests: StoreTestCase {
    func testAnUnknownStoredKindIsCorruptionNotAnArticle() throws {
        try commit("alpha.doc", .talk, Self.talk("Harbour"))
        try store.db.run("UPDATE documents SET kind = 'video' WHERE doc_id = ?", "alpha.doc")
        let expected = StoreError.corrupt("document alpha.doc has kind 'video', neither article nor talk")
        XCTAssertThrowsError(try store.document("alpha.doc", now: now)) { XCTAssertEqual($0 as? StoreError, expected) }
        XCTAssertThrowsError(try store.list(ListFilter())) { XCTAssertEqual($0 as? StoreError, expected) }
    }

    func testANullInANotNullableColumnIsAnErrorNamingTheColumn() throws {
        // The schema forbids it; a file edited by hand (or by a bug) may not.
        try store.db.execute("CREATE TABLE odd (peer TEXT, pulled_seq INTEGER, pushed_seq INTEGER, last_success INTEGER, last_error TEXT, last_error_at INTEGER, failures INTEGER, next_attempt INTEGER, peer_head_seq INTEGER)")
        try store.db.execute("DROP TABLE peer_state")
        try store.db.execute("ALTER TABLE odd RENAME TO peer_state")
        try store.db.run("INSERT INTO peer_state (peer, pulled_seq, pushed_seq, failures, peer_head_seq) VALUES ('beta', NULL, 0, 0, 0)")
        XCTAssertThrowsError(try store.peerState("beta")) { error in
            XCTAssertTrue("\(error)".contains("column 0 (pulled_seq) is NULL where INTEGER was expected"), "\(error)")
        }
        // Nullable columns read as nil.
        try store.db.run("UPDATE peer_state SET pulled_seq = 4 WHERE peer = 'beta'")
        let state = try store.peerState("beta")
        XCTAssertEqual(state.pulledSeq, 4)
        XCTAssertNil(state.lastSuccess)
        XCTAssertNil(state.lastError)
    }
}
