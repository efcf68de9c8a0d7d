import XCTest
@testable import SyncWeb

final class WebDateTests: XCTestCase {
    func testHTTPDatesRoundTrip() {
        XCTAssertEqual(WebDate.http(seconds: 784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT")
        XCTAssertEqual(WebDate.parseHTTP("Sun, 06 Nov 1994 08:49:37 GMT"), 784_111_777)
        XCTAssertEqual(WebDate.http(seconds: 0), "Thu, 01 Jan 1970 00:00:00 GMT")
        // 2024-02-29 (a leap day) at noon.
        XCTAssertEqual(WebDate.http(seconds: 1_709_208_000), "Thu, 29 Feb 2024 12:00:00 GMT")
        for s in [Int64(0), 951_782_400, 1_709_208_000, 4_102_444_799] {
            XCTAssertEqual(WebDate.parseHTTP(WebDate.http(seconds: s)), s)
        }
        XCTAssertNil(WebDate.parseHTTP("Sunday, 06-Nov-94 08:49:37 GMT"))
        XCTAssertNil(WebDate.parseHTTP("yesterday"))
    }

    func testReadableAndRFC3339() {
        XCTAssertEqual(WebDate.rfc3339(millis: 1_709_208_000_999), "2024-02-29T12:00:00Z")
        XCTAssertEqual(WebDate.readable(millis: 1_709_208_000_000), "29 February 2024, 12:00:00 UTC")
        XCTAssertEqual(WebDate.readable(date: "2022-02-07"), "7 February 2022")
        XCTAssertEqual(WebDate.readable(date: "soon"), "soon")
    }
}
