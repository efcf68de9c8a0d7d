import XCTest
@testable import SyncWeb

final class HTMLTests: XCTestCase {
    func testEscapesMarkup() {
        XCTAssertEqual(HTML.escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;")
    }
}
