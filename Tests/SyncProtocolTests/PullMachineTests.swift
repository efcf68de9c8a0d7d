import SyncCore
import SyncProtocol
import XCTest

/// A pull driven page by page without a peer or a store: what is fetched,
/// what is applied with which checkpoint, and when the pull ends.
final class PullMachineTests: XCTestCase {
    private func machine(pageLimit: Int = 2, maxPages: Int = 100, maxEmptyPages: Int = 1000,
                         includeOwn: Bool = false) -> PullMachine {
        PullMachine(peer: "singapore", selfName: "birmingham", pageLimit: pageLimit, maxPages: maxPages,
                    maxEmptyPages: maxEmptyPages, includeOwn: includeOwn)
    }

    private func query(_ since: UInt64, exclude: String? = "birmingham") -> ChangesQuery {
        ChangesQuery(since: since, limit: 2, exclude: exclude)
    }

    /// A page of singapore's with entries at `seqs` (the signatures are not looked at).
    private func page(since: UInt64, seqs: [UInt64], next: UInt64? = nil, hasMore: Bool,
                      node: String = "singapore", excludedHeads: VersionVector? = nil) -> ChangesPage {
        let entries = seqs.map { seq in
            ChangesPage.Entry(seq: seq, revision: SignedRevision(
                revision: Fixtures.revision(doc: "singapore.doc\(seq)", actor: "singapore", counter: seq),
                signature: [UInt8](repeating: 0, count: 64)))
        }
        return ChangesPage(node: node, since: since, next: next ?? seqs.last ?? since, hasMore: hasMore,
                           entries: entries, excludedHeads: excludedHeads)
    }

    private func checkpoint(_ seq: UInt64, head: UInt64) -> PullMachine.Checkpoint {
        PullMachine.Checkpoint(pulledSeq: seq, peerHeadSeq: head)
    }

    func testAMultiPagePullAppliesEachPageWithItsCursorAndFetchesTheNextAhead() {
        var m = machine()
        XCTAssertEqual(m.handle(.started(checkpoint: 4, restored: false)), .fetch(query(4)))
        let first = page(since: 4, seqs: [5, 6], hasMore: true)
        XCTAssertEqual(m.handle(.pageReceived(first)),
                       .apply(first, checkpoint: checkpoint(6, head: 7), prefetch: query(6)))
        XCTAssertEqual(m.handle(.applied(stopRequested: false)), .fetch(query(6)))
        let last = page(since: 6, seqs: [7], hasMore: false)
        XCTAssertEqual(m.handle(.pageReceived(last)), .apply(last, checkpoint: checkpoint(7, head: 7), prefetch: nil))
        XCTAssertEqual(m.handle(.applied(stopRequested: false)), .finish(restoreComplete: false))
        XCTAssertEqual(m.checkpoint, 7)
    }

    func testAStopAfterAPageEndsThePullThere() {
        var m = machine()
        _ = m.handle(.started(checkpoint: 0, restored: false))
        let first = page(since: 0, seqs: [1, 2], hasMore: true)
        XCTAssertEqual(m.handle(.pageReceived(first)), .apply(first, checkpoint: checkpoint(2, head: 3), prefetch: query(2)))
        XCTAssertEqual(m.handle(.applied(stopRequested: true)), .finish(restoreComplete: false))
    }

    func testEmptyPagesMoveOnlyTheCursorInMemoryAndTheNextAppliedPageCheckpointsItsOwnNext() {
        var m = machine()
        _ = m.handle(.started(checkpoint: 10, restored: false))
        let empty = page(since: 10, seqs: [], next: 12, hasMore: true)
        XCTAssertEqual(m.handle(.pageReceived(empty)), .skip(empty, prefetch: query(12)))
        XCTAssertEqual(m.checkpoint, 10, "an empty page stores nothing")
        XCTAssertEqual(m.handle(.skipped(stopRequested: false)), .fetch(query(12)))
        let full = page(since: 12, seqs: [14], hasMore: false)
        XCTAssertEqual(m.handle(.pageReceived(full)), .apply(full, checkpoint: checkpoint(14, head: 14), prefetch: nil))
    }

    func testALoopOfEmptyPagesWithHasMoreIsGivenUpWithTheCheckpointUnchanged() {
        var m = machine(maxEmptyPages: 5)
        var action = m.handle(.started(checkpoint: 3, restored: false))
        var actions: [PullMachine.Action] = []
        for _ in 0..<10 {
            guard case .fetch(let q) = action else { break }
            // The peer claims more, but every page is empty: the cursor runs ahead.
            action = m.handle(.pageReceived(page(since: q.since, seqs: [], next: q.since + 1000, hasMore: true)))
            actions.append(action)
            if case .skip = action { action = m.handle(.skipped(stopRequested: false)) }
        }
        XCTAssertEqual(actions.count, 5)
        XCTAssertEqual(actions.last, .fail(.endlessEmptyPages(count: 5, upTo: 5003, checkpoint: 3)))
        XCTAssertFalse(actions.contains { if case .apply = $0 { true } else { false } }, "no checkpoint on the peer's word alone")
        XCTAssertEqual(m.checkpoint, 3)
    }

    func testAStopAfterAnEmptyPageFinishesWithoutACheckpoint() {
        var m = machine()
        _ = m.handle(.started(checkpoint: 0, restored: false))
        let empty = page(since: 0, seqs: [], next: 9, hasMore: true)
        XCTAssertEqual(m.handle(.pageReceived(empty)), .skip(empty, prefetch: query(9)))
        XCTAssertEqual(m.handle(.skipped(stopRequested: true)), .finish(restoreComplete: false))
        XCTAssertEqual(m.checkpoint, 0)
    }

    func testAPageFromAnotherNodeOrWithAnImpossibleCursorFails() {
        var m = machine()
        _ = m.handle(.started(checkpoint: 0, restored: false))
        XCTAssertEqual(m.handle(.pageReceived(page(since: 0, seqs: [1], hasMore: false, node: "lisbon"))),
                       .fail(.wrongNode("lisbon")))
        var n = machine()
        _ = n.handle(.started(checkpoint: 0, restored: false))
        let next = UInt64(Int64.max)
        XCTAssertEqual(n.handle(.pageReceived(page(since: 0, seqs: [1], next: next, hasMore: false))),
                       .fail(.malformedNext(next)))
    }

    func testThePageCountIsBounded() {
        var m = machine(maxPages: 2)
        XCTAssertEqual(m.handle(.started(checkpoint: 0, restored: false)), .fetch(query(0)))
        _ = m.handle(.pageReceived(page(since: 0, seqs: [1, 2], hasMore: true)))
        XCTAssertEqual(m.handle(.applied(stopRequested: false)), .fetch(query(2)))
        _ = m.handle(.pageReceived(page(since: 2, seqs: [3, 4], hasMore: true)))
        XCTAssertEqual(m.handle(.applied(stopRequested: false)), .finish(restoreComplete: false))
    }

    func testARepairReadAndARestoredStoreAskForThisNodesOwnRevisionsToo() {
        var repair = machine(includeOwn: true)
        XCTAssertEqual(repair.handle(.started(checkpoint: 0, restored: false)), .fetch(query(0, exclude: nil)))
        var restored = machine()
        XCTAssertEqual(restored.handle(.started(checkpoint: 0, restored: true)), .fetch(query(0, exclude: nil)))
        let last = page(since: 0, seqs: [1], hasMore: false)
        _ = restored.handle(.pageReceived(last))
        XCTAssertEqual(restored.handle(.applied(stopRequested: false)), .finish(restoreComplete: true),
                       "a restored store that read the whole log says so")
    }

    func testExcludedHeadsShowingForgottenWritesRestartTheReadWithOwnRevisions() {
        var m = machine()
        _ = m.handle(.started(checkpoint: 20, restored: false))
        let heads = VersionVector(["birmingham": 7])
        let last = page(since: 20, seqs: [21], hasMore: false, excludedHeads: heads)
        XCTAssertEqual(m.handle(.pageReceived(last)), .apply(last, checkpoint: checkpoint(21, head: 21), prefetch: nil))
        XCTAssertEqual(m.handle(.applied(stopRequested: true)), .checkForgottenWrites(heads))
        XCTAssertEqual(m.handle(.forgottenWritesChecked(true)), .beginRestore)
        XCTAssertEqual(m.handle(.restoreBegun(checkpoint: 0)), .fetch(query(0, exclude: nil)),
                       "the log is read again from the start, a stop notwithstanding")
        let again = page(since: 0, seqs: [1], hasMore: false)
        _ = m.handle(.pageReceived(again))
        XCTAssertEqual(m.handle(.applied(stopRequested: false)), .finish(restoreComplete: true))
    }

    func testExcludedHeadsWithNothingForgottenEndThePull() {
        var m = machine()
        _ = m.handle(.started(checkpoint: 0, restored: false))
        let heads = VersionVector(["birmingham": 2])
        _ = m.handle(.pageReceived(page(since: 0, seqs: [1], hasMore: false, excludedHeads: heads)))
        XCTAssertEqual(m.handle(.applied(stopRequested: false)), .checkForgottenWrites(heads))
        XCTAssertEqual(m.handle(.forgottenWritesChecked(false)), .finish(restoreComplete: false))
    }
}
