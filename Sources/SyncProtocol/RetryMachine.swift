/// The attempts with one peer in one sync run, without a clock or a sleep
/// of its own: the driver (`SyncRunner` in SyncNode) makes each attempt,
/// sleeps when told, and reports what happened with the time elapsed since
/// the peer's sync began. An error that cannot change on retry ends the
/// attempts at once; the sleeps are bounded in total (`maxRetrySleep`) and
/// never reach past the peer's deadline.
package struct RetryMachine<Random: RandomNumberGenerator & Sendable>: Sendable {
    package enum Event: Sendable, Equatable {
        case started
        case succeeded
        /// The attempt failed; `retryable` when another attempt could go
        /// differently (a transient failure of the peer or the network).
        case failed(retryable: Bool, elapsed: Duration, stopRequested: Bool)
        /// The `sleep` is over.
        case timerFired
    }

    package enum Action: Sendable, Equatable {
        /// Make attempt `number` (1 for the first).
        case attempt(number: Int)
        case sleep(Duration)
        /// No more attempts: the last outcome stands.
        case stop
    }

    package let policy: RetryPolicy
    package private(set) var attempt = 0
    /// Time slept between attempts so far.
    package private(set) var slept: Duration = .zero
    private var random: Random

    package init(policy: RetryPolicy, random: Random) {
        self.policy = policy
        self.random = random
    }

    package mutating func handle(_ event: Event) -> Action {
        switch event {
        case .started, .timerFired:
            attempt += 1
            return .attempt(number: attempt)
        case .succeeded:
            return .stop
        case .failed(let retryable, let elapsed, let stopRequested):
            guard retryable, attempt < policy.attempts else { return .stop }
            // A stop request skips the sleep, not the attempt: the next
            // attempt's transfer stops after its first page.
            if stopRequested { return handle(.timerFired) }
            let delay = min(policy.delay(after: attempt, using: &random),
                            policy.maxRetrySleep - slept, policy.deadline - elapsed)
            guard delay > .zero else { return .stop }
            slept += delay
            return .sleep(delay)
        }
    }
}
