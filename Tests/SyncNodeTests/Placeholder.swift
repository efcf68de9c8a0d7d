import XCTest
final class SyncNodeTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
