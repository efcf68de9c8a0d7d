import Foundation
@testable import SyncNode
import XCTest

/// `WallClock.iso8601` works the date out itself (`WebDate`, no ICU); it must say what
/// Foundation's formatter says, leap days and century rules included.
final class WallClockTests: XCTestCase {
    func testKnownInstants() {
        XCTAssertEqual(WallClock.iso8601(0), "1970-01-01T00:00:00Z")
        XCTAssertEqual(WallClock.iso8601(951_782_400_000), "2000-02-29T00:00:00Z")
        XCTAssertEqual(WallClock.iso8601(1_764_064_800_999), "2025-11-25T10:00:00Z")
        XCTAssertEqual(WallClock.iso8601(4_107_542_399_000), "2100-02-28T23:59:59Z")
        XCTAssertEqual(WallClock.iso8601(4_107_542_400_000), "2100-03-01T00:00:00Z")
    }

    func testAgreesWithFoundationsFormatterOverTwoCenturies() {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        var generator = SystemRandomNumberGenerator()
        let instants: [UInt64] = (0..<3_000).map { _ in UInt64.random(in: 0..<7_258_118_400_000, using: &generator) }
            + (0..<400).map { UInt64($0) * 86_400_000 * 183 + 86_399_999 }
        for millis in instants {
            XCTAssertEqual(WallClock.iso8601(millis), f.string(from: Date(timeIntervalSince1970: Double(millis / 1000))), "\(millis)")
        }
    }
}
