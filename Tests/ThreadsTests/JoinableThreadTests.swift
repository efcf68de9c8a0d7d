import Foundation
import Dispatch
import Synchronization
import Threads
import XCTest

/// A joined thread has finished its work and exited; bounded joins give up
/// on a thread that still works.
final class JoinableThreadTests: XCTestCase {
    func testJoinWaitsForTheBody() throws {
        let done = Atomic<Bool>(false)
        let thread = try JoinableThread {
            usleep(100_000)
            done.store(true, ordering: .releasing)
        }
        thread.join()
        XCTAssertTrue(done.load(ordering: .acquiring))
        thread.join()   // a second join returns at once
        XCTAssertTrue(thread.join(within: 0))
    }

    func testABoundedJoinGivesUpOnAThreadStillWorking() throws {
        let release = DispatchSemaphore(value: 0)
        let thread = try JoinableThread { release.wait() }
        XCTAssertFalse(thread.join(within: 0.1), "the body still waits")
        release.signal()
        XCTAssertTrue(thread.join(within: 10))
    }

    func testManyThreadsEachRunOnce() throws {
        let count = Atomic<Int>(0)
        let threads = try (0..<16).map { _ in try JoinableThread { count.add(1, ordering: .relaxed) } }
        for t in threads { t.join() }
        XCTAssertEqual(count.load(ordering: .relaxed), 16)
    }

    func testAThreadNeverJoinedStillRuns() throws {
        let ran = DispatchSemaphore(value: 0)
        _ = try JoinableThread { ran.signal() }   // detached when dropped
        XCTAssertEqual(ran.wait(timeout: .now() + 10), .success)
    }
}
