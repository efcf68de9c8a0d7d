@testable import SyncCore
import XCTest

/// A revision hashes its document and dot only, while equality compares
/// everything: sets of revisions must still tell apart two revisions that
/// share a dot (a reused counter after a restore).
final class RevisionHashTests: XCTestCase {
    private func revision(counter: UInt64, title: String) -> Revision {
        Revision(documentID: "lisbon.doc", kind: .article, dot: Dot(actor: "lisbon", counter: counter), context: VersionVector(),
                 author: "lisbon", timestamp: HybridTimestamp(millis: 1_000, logical: 0), tombstone: false,
                 content: Content(["title": .text(title)]))
    }

    func testRevisionsSharingADotStayDistinctInASet() {
        let a = revision(counter: 2, title: "Written before the backup was restored")
        let b = revision(counter: 2, title: "Written again after the restore")
        XCTAssertEqual(a.hashValue, b.hashValue, "the hash covers the dot, not the content")
        XCTAssertNotEqual(a, b)
        XCTAssertEqual(Set([a, b, a]).count, 2)
        XCTAssertEqual(Set([a, revision(counter: 2, title: "Written before the backup was restored")]).count, 1)
        XCTAssertEqual(Set([a, revision(counter: 3, title: a.content.text("title"))]).count, 2)
    }
}
