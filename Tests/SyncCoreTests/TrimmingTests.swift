import Foundation
import SyncCore
import XCTest

/// `trimmingWhitespace` stands in for Foundation's trimming in the binary.
final class TrimmingTests: XCTestCase {
    /// The samples are what the call sites trim: lines, header values, pids,
    /// record bodies. (Foundation also trims U+200B, which is not Unicode
    /// White_Space; this keeps it.)
    func testTrimsWhatFoundationTrims() {
        let samples = ["", " ", "a", " a ", "\t a b \r\n", "\n\n---\n", "\u{00A0}x\u{2003}", "a\u{2028}", "  inner  space  ", "\r\n"]
        for s in samples {
            XCTAssertEqual(s.trimmingWhitespace(), s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
            XCTAssertEqual(Substring(s).trimmingWhitespace(), s.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }

    func testZeroWidthSpaceIsKept() {
        XCTAssertEqual("\u{200B}a".trimmingWhitespace(), "\u{200B}a")
    }
}
