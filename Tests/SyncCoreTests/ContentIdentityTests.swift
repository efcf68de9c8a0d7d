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

    /// The word-at-a-time compare: a difference in the first word, in a
    /// later word and in the tail after the last whole word; long equal
    /// texts in two separate storages; and one string against itself.
    func testByteComparisonFindsEveryDifference() {
        let base = String(repeating: "Birmingham customer service strategy ", count: 7) + "tail"
        func text(_ s: String) -> Content { Content(["body": .text(s)]) }
        func changed(at offset: Int) -> String {
            var bytes = Array(base.utf8)
            bytes[offset] = UInt8(ascii: "#")
            return String(decoding: bytes, as: UTF8.self)
        }
        let separate = String(decoding: Array(base.utf8), as: UTF8.self)
        XCTAssertTrue(text(base).hasIdenticalBytes(to: text(separate)))
        XCTAssertTrue(text(base).hasIdenticalBytes(to: text(base)))
        let count = base.utf8.count
        XCTAssertNotEqual(count % 8, 0, "the text must end in a partial word for the tail case")
        for offset in [0, 7, 8, 100, count - count % 8 - 1, count - 1] {
            XCTAssertFalse(text(base).hasIdenticalBytes(to: text(changed(at: offset))), "difference at byte \(offset)")
        }
        XCTAssertFalse(text(base).hasIdenticalBytes(to: text(base + "s")))
        XCTAssertFalse(Content(["tags": .list([base, "x"])]).hasIdenticalBytes(to: Content(["tags": .list([base, "y"])])))
        XCTAssertTrue(Content(["tags": .list([base, "x"])]).hasIdenticalBytes(to: Content(["tags": .list([separate, "x"])])))
    }

    /// Lists are kept sorted, without repeats or empty labels; one already
    /// so is kept as it is.
    func testListsAreNormalizedWhateverOrderTheyComeIn() {
        XCTAssertEqual(Content(["tags": .list(["b", "a", "b", ""])]).list("tags"), ["a", "b"])
        XCTAssertEqual(Content(["tags": .list(["a", "b", "c"])]).list("tags"), ["a", "b", "c"])
        XCTAssertEqual(Content(["tags": .list(["a", "a"])]).list("tags"), ["a"])
        XCTAssertEqual(Content(["tags": .list(["", "a"])]).list("tags"), ["a"])
        XCTAssertNil(Content(["tags": .list(["", ""])])["tags"])
        XCTAssertNil(Content(["tags": .list([])])["tags"])
        XCTAssertEqual(Content(["tags": .list(["é", "e\u{301}"])]).list("tags").count, 1, "canonically equal labels are one")
    }
}
