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

    func testPerAddressLimitEvictsTheOldestConnectionWaitingForItsHead() {
        var t = table()
        XCTAssertEqual(t.admit(1, fd: 11, address: "a", perAddressLimit: 2, now: t0), .admitted)
        XCTAssertEqual(t.admit(2, fd: 12, address: "a", perAddressLimit: 2, now: t0 + .milliseconds(10)), .admitted)
        XCTAssertEqual(t.admit(3, fd: 13, address: "b", perAddressLimit: 2, now: t0 + .milliseconds(20)), .admitted,
                       "another address has its own limit")
        // Connection 1 sent its head: it is busy, 2 is the oldest waiting one.
        t.requestBegan(1, now: t0 + .milliseconds(30))
        XCTAssertEqual(t.admit(4, fd: 14, address: "a", perAddressLimit: 2, now: t0 + .milliseconds(40)),
                       .admittedEvicting(.init(fd: 12, phase: .head, address: "a")))
        // 1 busy, 4 waiting: 4 goes next.
        XCTAssertEqual(t.admit(5, fd: 15, address: "a", perAddressLimit: 2, now: t0 + .milliseconds(50)),
                       .admittedEvicting(.init(fd: 14, phase: .head, address: "a")))
        // Both busy: a new one is refused and not tracked.
        t.requestBegan(5, now: t0 + .milliseconds(60))
        XCTAssertEqual(t.admit(6, fd: 16, address: "a", perAddressLimit: 2, now: t0 + .milliseconds(70)), .refused)
        XCTAssertNil(t.entries[6])
        // Evicted connections fire no deadline later.
        XCTAssertEqual(t.expire(now: t0 + .seconds(3)).map(\.fd), [13])
    }
}
