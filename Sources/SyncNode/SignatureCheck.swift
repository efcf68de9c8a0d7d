import Synchronization
import SyncCore

/// The signature checks of one change-set, shared out among threads: each
/// worker takes the next unchecked revision until none is left, so the
/// caller's thread can join in whenever it has nothing else to do.
final class SignatureCheck: Sendable {
    let revisions: [SignedRevision]
    let trust: TrustStore
    private let next = Atomic<Int>(0)
    /// Revisions that did not verify, by index.
    private let failures = Mutex<[Int: TrustStore.Verdict]>([:])

    init(_ revisions: [SignedRevision], trust: TrustStore) {
        self.revisions = revisions
        self.trust = trust
    }

    /// Checks revisions until every one is taken.
    func work() {
        var local: [(Int, TrustStore.Verdict)] = []
        while true {
            let i = next.add(1, ordering: .relaxed).oldValue
            guard i < revisions.count else { break }
            let v = trust.verify(revisions[i])
            if v != .valid { local.append((i, v)) }
        }
        if !local.isEmpty { failures.withLock { all in for (i, v) in local { all[i] = v } } }
    }

    /// Each revision's verdict, in order (call once every worker is done).
    var verdicts: [TrustStore.Verdict] {
        failures.withLock { all in revisions.indices.map { all[$0] ?? .valid } }
    }
}
