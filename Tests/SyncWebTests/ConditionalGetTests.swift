import XCTest
@testable import SyncWeb

final class ConditionalGetTests: XCTestCase {
    let check = ConditionalGet(headSeq: 42, key: "/?city=x", lastModifiedMillis: 1_709_208_000_500)

    func testETagNamesTheHeadAndTheQuery() {
        XCTAssertTrue(check.etag.hasPrefix("\"42-"))
        XCTAssertNotEqual(check.etag, ConditionalGet(headSeq: 43, key: "/?city=x", lastModifiedMillis: nil).etag)
        XCTAssertNotEqual(check.etag, ConditionalGet(headSeq: 42, key: "/?city=y", lastModifiedMillis: nil).etag)
        XCTAssertEqual(check.etag, ConditionalGet(headSeq: 42, key: "/?city=x", lastModifiedMillis: nil).etag)
    }

    func testIfNoneMatch() {
        XCTAssertTrue(check.notModified(ifNoneMatch: [check.etag], ifModifiedSince: nil))
        XCTAssertTrue(check.notModified(ifNoneMatch: ["\"x\", W/\(check.etag)"], ifModifiedSince: nil))
        XCTAssertTrue(check.notModified(ifNoneMatch: ["*"], ifModifiedSince: nil))
        XCTAssertFalse(check.notModified(ifNoneMatch: ["\"41-0\""], ifModifiedSince: nil))
        // If-None-Match wins over a date that would match.
        XCTAssertFalse(check.notModified(ifNoneMatch: ["\"41-0\""], ifModifiedSince: "Thu, 29 Feb 2024 12:00:00 GMT"))
    }

    func testIfModifiedSince() {
        XCTAssertTrue(check.notModified(ifNoneMatch: [], ifModifiedSince: "Thu, 29 Feb 2024 12:00:00 GMT"))
        XCTAssertFalse(check.notModified(ifNoneMatch: [], ifModifiedSince: "Thu, 29 Feb 2024 11:59:59 GMT"))
        XCTAssertFalse(check.notModified(ifNoneMatch: [], ifModifiedSince: "garbage"))
        XCTAssertFalse(check.notModified(ifNoneMatch: [], ifModifiedSince: nil))
        XCTAssertTrue(check.headers.contains { $0 == ("Last-Modified", "Thu, 29 Feb 2024 12:00:00 GMT") })
    }
}
