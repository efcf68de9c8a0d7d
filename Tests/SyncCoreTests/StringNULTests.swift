import SyncCore
import XCTest

/// `containsNUL` reads eight bytes at a time: a NUL at every position of
/// every length up to a few words is found, and no other byte is taken for one.
final class StringNULTests: XCTestCase {
    func testANULAtAnyPositionIsFound() {
        for length in 1...40 {
            for position in 0..<length {
                var scalars = Array(repeating: Unicode.Scalar("a"), count: length)
                scalars[position] = "\u{0}"
                let text = String(String.UnicodeScalarView(scalars))
                XCTAssertTrue(text.containsNUL, "length \(length), NUL at \(position)")
            }
        }
    }

    func testTextsWithoutNULAreNotFlagged() {
        let texts = ["", "a", "Zürich", String(repeating: "é", count: 33), "\u{1}\u{7f}\u{80}\u{100}\u{ff}",
                     String(repeating: "\u{101}", count: 17), "emoji 🏙️ city", String(repeating: "x", count: 1000)]
        for text in texts { XCTAssertFalse(text.containsNUL, text) }
    }

    func testABridgedOrSmallStringIsCheckedToo() {
        XCTAssertTrue("a\u{0}".containsNUL)   // small (inline) string
        XCTAssertTrue(Substring("xx\u{0}yy").description.containsNUL)
    }
}
