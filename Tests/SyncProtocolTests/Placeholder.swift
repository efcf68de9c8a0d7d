import XCTest
final class SyncProtocolTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
