import XCTest
final class SyncCryptoTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
