import XCTest
final class SyncStoreTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
