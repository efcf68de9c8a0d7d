import SyncProtocol

/// What a federation run does, and how hard it tries.
package struct SyncOptions: Sendable {
    package var pull = true
    package var push = true
    /// Peers to sync; empty means every trusted peer.
    package var peers: [String] = []
    /// Peers synced at once.
    package var concurrency = 4
    /// Attempts per peer within one run (for transient failures).
    package var attempts = 3
    /// First retry delay; doubles each time, plus up to 50% jitter.
    package var retryDelay: Duration = .milliseconds(500)
    /// Respect the back-off across runs (skip peers whose next attempt is not due).
    package var respectBackoff = false
    /// Back-off across runs: first delay, doubling per consecutive failed run, capped.
    package var backoffBase: Duration = .seconds(60)
    package var backoffCap: Duration = .seconds(3600)
    package var timeouts = PeerClient.Timeouts()
    /// Bound on one peer's whole pull and push in a run, retries included
    /// (`--deadline`): a stalled or trickling peer is cut off and the run
    /// moves on.
    package var deadline: Duration = .seconds(900)
    /// Most time slept between attempts for one peer in one run, however
    /// many `attempts` are allowed.
    package var maxRetrySleep: Duration = .seconds(30)
    /// Re-read each peer's whole change log (repair; idempotent).
    package var fromStart = false
    /// Ask each peer's `/v1/node` first, for the head a progress line's
    /// total and ETA need (one more round trip: for terminals only).
    package var fetchPeerHead = false
    /// Asked between pages and between attempts: true stops the run early
    /// (each page is its own transaction, so stopping loses nothing).
    package var shouldStop: @Sendable () -> Bool = { false }

    package init() {}

    /// The retry and back-off settings, for `RetryMachine`.
    var retryPolicy: RetryPolicy {
        RetryPolicy(attempts: attempts, retryDelay: retryDelay, maxRetrySleep: maxRetrySleep, deadline: deadline,
                    backoffBase: backoffBase, backoffCap: backoffCap)
    }
}
