import Dispatch
import Synchronization
import SyncCore

/// The signature checks of one change-set, shared out among threads: each
/// worker takes the next unchecked revision until none is left, so the
/// caller's thread can join in whenever it has nothing else to do.
final class SignatureCheck: Sendable {
    let revisions: [SignedRevision]
    let trust: TrustStore
    private let next = Atomic<Int>(0)
    /// Revisions checked so far, by whichever threads took them.
    private let checked = Atomic<Int>(0)
    private let allChecked = DispatchSemaphore(value: 0)
    /// Revisions that did not verify, by index.
    private let failures = Mutex<[Int: TrustStore.Verdict]>([:])

    init(_ revisions: [SignedRevision], trust: TrustStore) {
        self.revisions = revisions
        self.trust = trust
    }

    /// Checks revisions until every one is taken.
    func work() {
        while true {
            let i = next.add(1, ordering: .relaxed).oldValue
            guard i < revisions.count else { break }
            let v = trust.verify(revisions[i])
            if v != .valid { failures.withLock { $0[i] = v } }   // recorded before it counts as checked
            if checked.add(1, ordering: .acquiringAndReleasing).newValue == revisions.count { allChecked.signal() }
        }
    }

    /// Waits until every revision is checked, also those another thread
    /// took and is still checking.
    func waitUntilChecked() {
        guard !revisions.isEmpty else { return }
        allChecked.wait()
        allChecked.signal()   // later calls return at once
    }

    /// Each revision's verdict, in order (call once every worker is done).
    var verdicts: [TrustStore.Verdict] {
        failures.withLock { all in revisions.indices.map { all[$0] ?? .valid } }
    }
}
