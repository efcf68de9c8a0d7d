@testable import HTTPServer
import XCTest

/// Deadline bookkeeping with an injected clock; no sockets, no sleeping.
final class DeadlineTableTests: XCTestCase {
    private let t0 = ContinuousClock.now

    private func table() -> DeadlineTable {
        DeadlineTable(headerDeadline: .seconds(2), requestDeadline: .seconds(10))
    }

    func testHeadDeadlineIsAbsoluteFromAccept() {
        var t = table()
        t.connectionStarted(1, fd: 7, now: t0)
        XCTAssertEqual(t.expire(now: t0 + .seconds(1)), [])
        XCTAssertEqual(t.expire(now: t0 + .milliseconds(2001)), [.init(fd: 7, phase: .head)])
        XCTAssertEqual(t.expire(now: t0 + .seconds(30)), [], "each connection fires once")
    }

    func testRequestPhaseUsesTheLongerDeadlineThenKeepAliveRearmsTheHead() {
        var t = table()
        t.connectionStarted(1, fd: 7, now: t0)
        t.requestBegan(1, now: t0 + .seconds(1))
        XCTAssertEqual(t.expire(now: t0 + .seconds(10)), [])
        XCTAssertEqual(t.expire(now: t0 + .milliseconds(11_001)), [.init(fd: 7, phase: .request)])

        var u = table()
        u.connectionStarted(2, fd: 8, now: t0)
        u.requestBegan(2, now: t0 + .seconds(1))
        u.requestCompleted(2, now: t0 + .seconds(3))
        XCTAssertEqual(u.expire(now: t0 + .seconds(4)), [])
        XCTAssertEqual(u.expire(now: t0 + .milliseconds(5001)), [.init(fd: 8, phase: .head)])
    }

    func testClosedAndFiredConnectionsAreNotRearmed() {
        var t = table()
        t.connectionStarted(1, fd: 7, now: t0)
        t.connectionStarted(2, fd: 8, now: t0)
        t.connectionClosed(2)
        XCTAssertEqual(t.expire(now: t0 + .seconds(3)), [.init(fd: 7, phase: .head)])
        t.requestCompleted(1, now: t0 + .seconds(3))   // a late callback must not revive it
        XCTAssertEqual(t.expire(now: t0 + .seconds(60)), [])
        XCTAssertNil(t.entries[2])
    }
}
