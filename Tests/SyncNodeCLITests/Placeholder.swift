import XCTest
final class SyncNodeCLITestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
