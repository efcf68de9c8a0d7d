import XCTest
final class SyncCoreTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
