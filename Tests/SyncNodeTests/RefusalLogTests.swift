@testable import SyncNode
import XCTest

/// Refused requests are logged once per kind per interval, and the next line
/// counts those left out. Times are passed in: no clock, no sleeping.
final class RefusalLogTests: XCTestCase {
    func testOneLinePerKindPerIntervalWithTheCountLeftOut() {
        let log = RefusalLog(intervalMillis: 60_000)
        XCTAssertEqual(log.admit("403 10.0.0.1 /v1/changes", now: 1_000), 0, "the first is logged")
        XCTAssertNil(log.admit("403 10.0.0.1 /v1/changes", now: 2_000))
        XCTAssertNil(log.admit("403 10.0.0.1 /v1/changes", now: 60_999))
        XCTAssertEqual(log.admit("401 10.0.0.1 /v1/changes", now: 3_000), 0, "another kind has its own allowance")
        XCTAssertEqual(log.admit("403 10.0.0.1 /v1/changes", now: 61_000), 2, "two were left out since the last line")
        XCTAssertNil(log.admit("403 10.0.0.1 /v1/changes", now: 61_001))
    }

    func testManyKindsAreBounded() {
        let log = RefusalLog(intervalMillis: 60_000)
        for i in 0..<log.maxKinds { XCTAssertEqual(log.admit("kind \(i)", now: 0), 0) }
        XCTAssertNil(log.admit("one too many", now: 1), "memory stays bounded while all are recent")
        XCTAssertEqual(log.admit("one too many", now: 60_000), 0, "old kinds make room once their interval is over")
    }
}
