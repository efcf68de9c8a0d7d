import SyncProtocol
import XCTest

/// Attempts, sleeps and back-off with a pinned random source and the time
/// given in the events: no clock, no sleeping, no network.
final class RetryMachineTests: XCTestCase {
    /// Always `UInt64.max`: the top of every range (the jitter at its
    /// largest). A constant low value would not do: the standard library
    /// rejects it and asks again, forever.
    struct TopOfRange: RandomNumberGenerator, Sendable {
        mutating func next() -> UInt64 { .max }
    }

    private func policy(attempts: Int = 3, retryDelay: Duration = .milliseconds(500), maxRetrySleep: Duration = .seconds(30),
                        deadline: Duration = .seconds(900)) -> RetryPolicy {
        RetryPolicy(attempts: attempts, retryDelay: retryDelay, maxRetrySleep: maxRetrySleep, deadline: deadline,
                    backoffBase: .seconds(60), backoffCap: .seconds(3600))
    }

    private func failed(retryable: Bool = true, at elapsed: Duration = .seconds(1),
                        stop: Bool = false) -> RetryMachine<TopOfRange>.Event {
        .failed(retryable: retryable, elapsed: elapsed, stopRequested: stop)
    }

    func testATransientErrorIsRetriedAfterADoublingSleepUntilTheAttemptsRunOut() {
        var m = RetryMachine(policy: policy(), random: TopOfRange())
        XCTAssertEqual(m.handle(.started), .attempt(number: 1))
        XCTAssertEqual(m.handle(failed()), .sleep(.milliseconds(750)), "500 ms and half again of jitter")
        XCTAssertEqual(m.handle(.timerFired), .attempt(number: 2))
        XCTAssertEqual(m.handle(failed()), .sleep(.milliseconds(1500)), "doubled")
        XCTAssertEqual(m.handle(.timerFired), .attempt(number: 3))
        XCTAssertEqual(m.handle(failed()), .stop, "three attempts and no more")
        XCTAssertEqual(m.slept, .milliseconds(2250))
    }

    func testSuccessStopsTheAttempts() {
        var m = RetryMachine(policy: policy(), random: TopOfRange())
        _ = m.handle(.started)
        _ = m.handle(failed())
        XCTAssertEqual(m.handle(.timerFired), .attempt(number: 2))
        XCTAssertEqual(m.handle(.succeeded), .stop)
    }

    func testAnErrorThatCannotChangeOnRetryIsAttemptedOnce() {
        var m = RetryMachine(policy: policy(attempts: 10), random: TopOfRange())
        _ = m.handle(.started)
        XCTAssertEqual(m.handle(failed(retryable: false)), .stop)
        XCTAssertEqual(m.attempt, 1)
        XCTAssertEqual(m.slept, .zero)
    }

    func testTheJitterComesFromTheRandomSourceGiven() {
        var top = RetryMachine(policy: policy(retryDelay: .seconds(2)), random: TopOfRange())
        _ = top.handle(.started)
        XCTAssertEqual(top.handle(failed()), .sleep(.seconds(3)))
        var seeded = RetryMachine(policy: policy(retryDelay: .seconds(2)), random: SystemRandomNumberGenerator())
        _ = seeded.handle(.started)
        guard case .sleep(let delay) = seeded.handle(.failed(retryable: true, elapsed: .seconds(1), stopRequested: false)) else {
            return XCTFail("expected a sleep")
        }
        XCTAssertGreaterThanOrEqual(delay, .seconds(2))
        XCTAssertLessThanOrEqual(delay, .seconds(3), "at most half again")
    }

    func testTheSleepsAreCappedInTotalWithinARun() {
        var m = RetryMachine(policy: policy(attempts: 10, retryDelay: .seconds(2), maxRetrySleep: .seconds(5)),
                             random: TopOfRange())
        _ = m.handle(.started)
        XCTAssertEqual(m.handle(failed()), .sleep(.seconds(3)))
        _ = m.handle(.timerFired)
        XCTAssertEqual(m.handle(failed()), .sleep(.seconds(2)), "6 s wanted, 2 s left of the 5 s cap")
        XCTAssertEqual(m.handle(.timerFired), .attempt(number: 3))
        XCTAssertEqual(m.handle(failed()), .stop, "the cap is spent: no more attempts")
        XCTAssertEqual(m.slept, .seconds(5))
    }

    func testNoSleepReachesPastTheDeadlineAndNoneStartsAfterIt() {
        var m = RetryMachine(policy: policy(attempts: 5, retryDelay: .seconds(4), deadline: .seconds(10)), random: TopOfRange())
        _ = m.handle(.started)
        XCTAssertEqual(m.handle(failed(at: .seconds(7))), .sleep(.seconds(3)), "6 s wanted, 3 s to the deadline")
        _ = m.handle(.timerFired)
        XCTAssertEqual(m.handle(failed(at: .seconds(10))), .stop, "the deadline has come")
        var late = RetryMachine(policy: policy(deadline: .seconds(10)), random: TopOfRange())
        _ = late.handle(.started)
        XCTAssertEqual(late.handle(failed(at: .seconds(12))), .stop)
    }

    func testAStopRequestSkipsTheSleepButNotTheNextAttempt() {
        var m = RetryMachine(policy: policy(), random: TopOfRange())
        _ = m.handle(.started)
        XCTAssertEqual(m.handle(failed(stop: true)), .attempt(number: 2))
        XCTAssertEqual(m.slept, .zero)
    }

    func testZeroAttemptsStillMakesOne() {
        var m = RetryMachine(policy: policy(attempts: 0), random: TopOfRange())
        XCTAssertEqual(m.handle(.started), .attempt(number: 1))
        XCTAssertEqual(m.handle(failed()), .stop)
    }

    func testTheBackoffAcrossRunsDoublesPerFailedRunUpToTheCapWithJitterOnTop() {
        let p = policy()
        var top = TopOfRange()
        XCTAssertEqual(p.backoffMillis(failures: 1, using: &top), 60_000 + 15_000, "a quarter of jitter at most")
        XCTAssertEqual(p.backoffMillis(failures: 3, using: &top), 240_000 + 60_000)
        XCTAssertEqual(p.backoffMillis(failures: 40, using: &top), 3_600_000 + 900_000, "capped, then the jitter")
        var system = SystemRandomNumberGenerator()
        XCTAssertTrue((60_000...75_000).contains(p.backoffMillis(failures: 1, using: &system)))
    }
}
