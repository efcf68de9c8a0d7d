@testable import HTTPServer
import XCTest

/// The log limiter with an injected clock: first line at once, then one
/// summary per address and kind per window.
final class LogLimiterTests: XCTestCase {
    func testFloodCostsOneLineThenOneSummaryPerWindow() {
        let t0 = ContinuousClock.now
        var limiter = LogLimiter(window: .seconds(60))
        var lines: [String] = []
        for i in 0..<10_000 {
            let now = t0 + .milliseconds(i)   // 10 s of events
            if let l = limiter.record(address: "10.0.0.1", kind: "evicted", line: "evicted #\(i)", now: now) { lines.append(l) }
            lines += limiter.flush(now: now)
        }
        XCTAssertEqual(lines.count, 1, "\(lines)")
        XCTAssertTrue(lines[0].hasPrefix("evicted #0"), lines[0])
        XCTAssertNotNil(limiter.record(address: "10.0.0.2", kind: "evicted", line: "other", now: t0), "other addresses are separate")
        let summary = limiter.flush(now: t0 + .seconds(61))
        XCTAssertEqual(summary.count, 1, "\(summary)")
        XCTAssertTrue(summary[0].contains("10.0.0.1: 9999 more 'evicted' events in the last 60 s"), summary[0])
        // The flood goes on: still counted, not logged; a quiet window ends it.
        XCTAssertNil(limiter.record(address: "10.0.0.1", kind: "evicted", line: "again", now: t0 + .seconds(62)))
        XCTAssertEqual(limiter.flush(now: t0 + .seconds(122)).count, 1)
        XCTAssertEqual(limiter.flush(now: t0 + .seconds(183)), [])
        XCTAssertNotNil(limiter.record(address: "10.0.0.1", kind: "evicted", line: "later", now: t0 + .seconds(184)))
    }
}
