import XCTest
final class SQLiteTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
