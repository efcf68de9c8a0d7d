import Foundation
import XCTest
@testable import SyncNodeCLI

/// The CLI's numbers without `String(format:)`: checked against it.
final class NumberTextTests: XCTestCase {
    /// Away from a halfway point it prints what printf prints.
    func testFixedMatchesPrintfAwayFromTies() {
        let values: [Double] = [0, 0.004, 0.04, 0.999, 1, 1.2344, 9.996, 12.3456, 59.96, 123_456.789, 0.0123, -1.2344, -12.3456]
        for value in values {
            for decimals in 0...3 {
                XCTAssertEqual(NumberText.fixed(value, decimals), String(format: "%.\(decimals)f", value), "\(value), \(decimals) places")
            }
        }
    }

    /// At a halfway point it rounds away from zero (printf rounds the
    /// binary value, which may fall either side), and never prints "-0".
    func testFixedRoundsTiesAwayFromZero() {
        XCTAssertEqual(NumberText.fixed(0.5, 0), "1")
        XCTAssertEqual(NumberText.fixed(1.25, 1), "1.3")
        XCTAssertEqual(NumberText.fixed(-1.25, 1), "-1.3")
        XCTAssertEqual(NumberText.fixed(0.05, 1), "0.1")
        XCTAssertEqual(NumberText.fixed(-0.004, 2), "0.00")
        XCTAssertEqual(NumberText.fixed(2.0, 2), "2.00")
    }

    func testZeroPaddedAndLeftAligned() {
        XCTAssertEqual(NumberText.zeroPadded(5, 2), "05")
        XCTAssertEqual(NumberText.zeroPadded(59, 2), "59")
        XCTAssertEqual(NumberText.zeroPadded(123, 2), "123")
        XCTAssertEqual(NumberText.leftAligned("OK", 7), "OK     ")
        XCTAssertEqual(NumberText.leftAligned("PROBLEM", 7), "PROBLEM")
        XCTAssertEqual(NumberText.leftAligned("WARNINGS", 7), "WARNING")
    }

    func testDurations() {
        XCTAssertEqual(ProgressText.duration(7), "7s")
        XCTAssertEqual(ProgressText.duration(125), "2m05s")
        XCTAssertEqual(ProgressText.duration(3720), "1h02m")
    }
}
