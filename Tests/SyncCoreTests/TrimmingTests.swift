import Foundation
import SyncCore
import XCTest

/// `trimmingWhitespace` stands in for Foundation's trimming in the binary.
final class TrimmingTests: XCTestCase {
    func testTrimsWhatFoundationTrims() {
        let samples = ["", " ", "a", " a ", "\t a b \r\n", "\n\n---\n", "\u{00A0}x\u{2003}", "a\u{2028}", "  inner  space  ", "\r\n"]
        for s in samples {
            XCTAssertEqual(s.trimmingWhitespace(), s.trimmingCharacters(in: .whitespacesAndNewlines), "\(s.debugDescription)")
            XCTAssertEqual(Substring(s).trimmingWhitespace(), s.trimmingCharacters(in: .whitespacesAndNewlines))
        }
    }
}
