import SyncCore

/// How hard a sync run tries one peer: attempts within the run and the
/// sleep between them (`RetryMachine`), and the back-off across runs after
/// failed ones. Pure: the random source is passed in, so tests can pin it.
package struct RetryPolicy: Sendable, Equatable {
    /// Attempts per peer within one run (at least one is made).
    package var attempts: Int
    /// First sleep between attempts; doubles each time, plus up to 50% jitter.
    package var retryDelay: Duration
    /// Most time slept between attempts in one run, however many are allowed.
    package var maxRetrySleep: Duration
    /// Bound on one peer's whole pull and push, retries included: no sleep
    /// reaches past it.
    package var deadline: Duration
    /// Back-off across runs: the first delay, doubling per consecutive
    /// failed run, up to `backoffCap`.
    package var backoffBase: Duration
    package var backoffCap: Duration

    package init(attempts: Int, retryDelay: Duration, maxRetrySleep: Duration, deadline: Duration,
                backoffBase: Duration, backoffCap: Duration) {
        self.attempts = attempts
        self.retryDelay = retryDelay
        self.maxRetrySleep = maxRetrySleep
        self.deadline = deadline
        self.backoffBase = backoffBase
        self.backoffCap = backoffCap
    }

    /// The sleep after failed attempt `attempt` (1 for the first), before
    /// the caps: `retryDelay` doubled per attempt, times a jitter in 1...1.5.
    ///
    /// Both functions draw from a local copy of `random`, written back after,
    /// never from `&random` itself. Under ThreadSanitizer, Swift reports each
    /// `&x` as an access to x's address; a caller passing a generator without
    /// stored properties (`SystemRandomNumberGenerator`, the tests'
    /// `TopOfRange`) passes no real address for it (`undef` in the IR), so
    /// `&random` on this generic parameter made the sanitizer write shadow
    /// memory for a wild address and crash (SEGV, 2 of 3 whole-suite runs;
    /// swiftlang/swift#61244). A local always has an address, and copying a
    /// generator changes nothing.
    package func delay(after attempt: Int, using random: inout some RandomNumberGenerator) -> Duration {
        let base = retryDelay.inSeconds
        let doubling = Double(sign: .plus, exponent: attempt - 1, significand: 1)
        var generator = random
        defer { random = generator }
        return .seconds(base * doubling * Double.random(in: 1.0...1.5, using: &generator))
    }

    /// Milliseconds to wait before the next run tries a peer that failed
    /// `failures` runs in a row: exponential, capped, plus up to 25% jitter
    /// (so that nodes that failed together do not retry together).
    package func backoffMillis(failures: Int, using random: inout some RandomNumberGenerator) -> UInt64 {
        let base = UInt64(backoffBase.components.seconds * 1000)
        let cap = UInt64(backoffCap.components.seconds * 1000)
        let exp = min(cap, base << UInt64(min(20, max(0, failures - 1))))
        var generator = random   // not `&random`: see `delay(after:using:)`
        defer { random = generator }
        return exp + UInt64.random(in: 0...max(1, exp / 4), using: &generator)
    }
}
