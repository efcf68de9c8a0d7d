import SyncCore
import XCTest

/// `Content.hasIdenticalBytes(to:)` follows the bytes where `==` follows
/// Unicode canonical equivalence.
final class ContentIdentityTests: XCTestCase {
    func testCanonicallyEqualTextsAreNotIdentical() {
        let nfc = Content(["title": .text("Zürich"), "tags": .list(["é"])])
        let nfd = Content(["title": .text("Zu\u{308}rich"), "tags": .list(["e\u{301}"])])
        XCTAssertEqual(nfc, nfd)
        XCTAssertFalse(nfc.hasIdenticalBytes(to: nfd))
        XCTAssertTrue(nfc.hasIdenticalBytes(to: Content(["tags": .list(["é"]), "title": .text("Zürich")])))
        XCTAssertFalse(nfc.hasIdenticalBytes(to: Content(["title": .text("Zürich")])))
        XCTAssertFalse(Content(["title": .text("a")]).hasIdenticalBytes(to: Content(["title": .list(["a"])])))
        XCTAssertFalse(Content(["title": .text("a")]).hasIdenticalBytes(to: Content(["summary": .text("a")])))
        XCTAssertTrue(Content().hasIdenticalBytes(to: Content()))
    }
}
