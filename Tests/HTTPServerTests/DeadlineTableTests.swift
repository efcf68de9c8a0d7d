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

    /// A flood at the limit that reconnects every evicted socket at once: a
    /// new connection whose complete head waits in its socket, not read by
    /// the server yet, outlives any number of reconnections while
    /// connections without one are there to go.
    func testEvictionSparesAConnectionWhoseHeadWaitsToBeRead() {
        var t = table()
        for i in 0..<4 {
            XCTAssertEqual(t.admit(i, fd: Int32(100 + i), address: "a", perAddressLimit: 4, now: t0 + .milliseconds(i)),
                           .admitted)
        }
        // The legitimate client: its head is in the socket, unread. It evicts
        // the oldest flood connection.
        var waiting: Set<Int32> = [200]
        XCTAssertEqual(t.admit(50, fd: 200, address: "a", perAddressLimit: 4, now: t0 + .milliseconds(10),
                               headWaiting: { waiting.contains($0) }),
                       .admittedEvicting(.init(fd: 100, phase: .head, address: "a")))
        // Each flood reconnection evicts an older flood connection, never the
        // legitimate one, even though it is older than all of them.
        var fd: Int32 = 300
        var evicted: [Int32] = []
        for i in 0..<20 {
            let admission = t.admit(1000 + i, fd: fd, address: "a", perAddressLimit: 4, now: t0 + .milliseconds(20 + i),
                                    headWaiting: { waiting.contains($0) })
            guard case .admittedEvicting(let victim) = admission else { return XCTFail("\(admission)") }
            evicted.append(victim.fd)
            fd += 1
        }
        XCTAssertFalse(evicted.contains(200), "\(evicted)")
        XCTAssertEqual(Array(evicted.prefix(4)), [101, 102, 103, 300], "oldest first among the others")
        XCTAssertNotNil(t.entries[50]?.deadline)

        // Without a head waiting, a connection is one like the others; when
        // every one has a head waiting, the oldest goes, as before.
        t = table()
        for i in 0..<3 { _ = t.admit(i, fd: Int32(100 + i), address: "a", perAddressLimit: 3, now: t0 + .milliseconds(i)) }
        waiting = [100, 101, 102]
        XCTAssertEqual(t.admit(3, fd: 103, address: "a", perAddressLimit: 3, now: t0 + .milliseconds(3),
                               headWaiting: { waiting.contains($0) }),
                       .admittedEvicting(.init(fd: 100, phase: .head, address: "a")),
                       "a head waiting in every one: the oldest")
        waiting = [101]
        XCTAssertEqual(t.admit(4, fd: 104, address: "a", perAddressLimit: 3, now: t0 + .milliseconds(4),
                               headWaiting: { waiting.contains($0) }),
                       .admittedEvicting(.init(fd: 102, phase: .head, address: "a")), "101's head waits: the next one")
        waiting = []
        XCTAssertEqual(t.admit(5, fd: 105, address: "a", perAddressLimit: 3, now: t0 + .milliseconds(5),
                               headWaiting: { waiting.contains($0) }),
                       .admittedEvicting(.init(fd: 101, phase: .head, address: "a")),
                       "its head no longer waiting (read, or never complete): the oldest again")
    }
}
