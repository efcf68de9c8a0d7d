import Foundation
import SyncCore
import SyncProtocol
import SyncStore

/// Pulls a peer's change log page by page from the stored checkpoint. Each
/// page is verified whole and applied in one transaction together with the
/// new checkpoint, so an interrupted pull resumes where it stopped and never
/// applies a page twice or half. Page N+1 is downloaded and decoded on
/// another thread (`PageFetch`) while page N is verified and applied.
/// What to fetch, apply and checkpoint is `PullMachine`'s decision
/// (SyncProtocol); this driver carries it out over the network and the store.
package struct Puller {
    package var pageLimit = 500
    /// Upper bound on pages in one pull (a misbehaving peer cannot loop us forever).
    package var maxPages = 1_000_000
    /// Most empty pages with `has_more` in a row. Such pages are legitimate
    /// (a window of only our own revisions, left out by `exclude`) but move
    /// the cursor on the peer's word alone: they move it in memory only, and
    /// a peer that keeps sending them is given up on with the stored
    /// checkpoint untouched.
    package var maxEmptyPages = 1000
    /// Most revisions applied in one write transaction (pages that have
    /// already arrived are applied together; see `pull`). Each commit
    /// writes out again the index pages its random document ids touched:
    /// at 100,000 articles, groups of 500 wrote 5.3 GB, of 5000 2.6 GB,
    /// of 20,000 2.2 GB (the store is 0.6 GB).
    package var groupRevisions = 20_000
    /// Longest a group keeps the write transaction open, well under the
    /// 5 s other writers wait for it (`Connection` busy timeout).
    package var groupSeconds = 1.5
    /// A pull that has come this far (in the peer's sequence numbers) with
    /// more to come gets the store's bulk page cache for the rest
    /// (`Store.useBulkWriteCache`): a catch-up, not a routine pull.
    package var bulkAfterRevisions = 2000
    /// Signs this node's revisions, so that a write of ours that lost a
    /// reused dot is written again (see `ChangeSetApplier`).
    package var sign: ((Revision) throws -> [UInt8])?
    /// The trust store as the peer files are now (a live view, `TrustCache`):
    /// a page refused on signatures is checked once more against it when it
    /// changed since the pull began, e.g. a rotated key adopted meanwhile.
    var currentTrust: (() -> TrustStore)?

    package init() {}

    /// - Parameter fromStart: re-read the peer's whole log (repair; idempotent).
    package func pull(from client: PeerClient, into store: Store, selfName: String, trust: TrustStore,
                     fromStart: Bool = false,
                     shouldStop: () -> Bool = { false },
                     progress: (TransferReport) -> Void = { _ in }) throws -> TransferReport {
        let peer = client.peer.name
        let started = Date()
        var report = TransferReport(peer: peer, direction: "pull")
        report.peerHeadSeq = client.peerHeadSeq
        var applier = ChangeSetApplier(trust: trust, sign: sign)
        let startBytes = client.bytesReceived
        var machine = PullMachine(peer: peer, selfName: selfName, pageLimit: pageLimit, maxPages: maxPages,
                                  maxEmptyPages: maxEmptyPages, includeOwn: fromStart)
        // The next page, fetched while this one is verified and applied. The
        // client belongs to its thread until it is waited for: every path
        // below waits (`settle`) before using the client again.
        var prefetch: PageFetch?
        var bytesSoFar = startBytes
        func settle() {
            if let p = prefetch { prefetch = nil; _ = p.finished() }
        }
        func startFetching(_ query: ChangesQuery?) {
            if let query { prefetch = PageFetch(client, query) }
        }
        func storedCheckpoint() throws -> UInt64 { UInt64(max(0, try store.peerState(peer).pulledSeq)) }
        if fromStart { try store.write { scope in try store.savePullCheckpoint(peer: peer, pulledSeq: 0, peerHeadSeq: 0, in: scope) } }
        // A store restored from a backup may have forgotten some of its own
        // revisions: ask for them too (no `exclude`), so that they come back
        // and the store moves to a new epoch before reusing their counters.
        let restored = try store.restoredFromBackup != nil
        if restored { try store.beginRestoredPull(peer: peer) }
        var restoreComplete = false
        // The page last received, with its content checks.
        var received: FetchedPage?
        // Pages that have already arrived are applied together, one write
        // transaction for up to `groupRevisions` revisions (each page in a
        // savepoint of its own): a long pull commits less often, and no
        // transaction stays open while the network is waited for.
        func groupEnds(before action: PullMachine.Action, revisions: Int, since: Date) -> Bool {
            guard case .fetch(let query) = action else { return false }
            guard let p = prefetch, p.query == query, p.isFinished else { return true }
            return revisions >= groupRevisions || Date().timeIntervalSince(since) >= groupSeconds
        }
        do {
            report.startSeq = try storedCheckpoint()
            report.seq = report.startSeq
            var action = machine.handle(.started(checkpoint: report.startSeq, restored: restored))
            var over = false
            // A long way behind: a larger page cache while catching up.
            var bulk = false
            defer { if bulk { try? store.useBulkWriteCache(false) } }
            while !over {
                // The network is waited for outside any transaction.
                if groupEnds(before: action, revisions: 0, since: Date()) {
                    _ = try step(&action)
                    continue
                }
                // A failure inside a group ends it: the pages before it commit.
                // If the commit fails, the report goes back to what is stored.
                var failure: (any Error)?
                let committed = report
                do { try store.write { _ in
                    var revisions = 0
                    let opened = Date()
                    repeat {
                        do {
                            revisions += try step(&action)
                        } catch {
                            failure = error
                            return
                        }
                    } while !over && !groupEnds(before: action, revisions: revisions, since: opened)
                } } catch {
                    report = committed
                    throw error
                }
                if let failure { throw failure }
            }
            /// Carries out one action; the revisions it applied.
            func step(_ action: inout PullMachine.Action) throws -> Int {
                switch action {
                case .fetch(let query):
                    let fetched: FetchedPage
                    if let p = prefetch, p.query == query {
                        prefetch = nil
                        let (result, bytes) = p.finished()
                        fetched = try result.get()
                        bytesSoFar = bytes
                    } else {
                        settle()   // asked for a page this pull no longer wants (a restore restarts the read)
                        fetched = FetchedPage(try client.changes(query), from: peer)
                        bytesSoFar = client.bytesReceived
                    }
                    received = fetched
                    action = machine.handle(.pageReceived(fetched.page))
                case .skip(_, let next):
                    startFetching(next)
                    report.pages += 1
                    action = machine.handle(.skipped(stopRequested: shouldStop()))
                case .apply(let page, let checkpoint, let next):
                    startFetching(next)
                    let checked = received.flatMap { $0.page.next == page.next && $0.page.entries.count == page.entries.count
                        ? $0.contentProblems : nil }
                    try apply(page, contentProblems: checked, checkpoint: checkpoint, from: peer, to: store,
                              applier: &applier, report: &report)
                    report.pages += 1
                    report.seq = page.next
                    report.bytes = bytesSoFar - startBytes
                    report.seconds = Date().timeIntervalSince(started)
                    progress(report)
                    action = machine.handle(.applied(stopRequested: shouldStop()))
                    if !bulk, page.hasMore, report.seq >= report.startSeq + UInt64(bulkAfterRevisions) {
                        try store.useBulkWriteCache(true)
                        bulk = true
                    }
                    return page.entries.count
                case .checkForgottenWrites(let heads):
                    action = machine.handle(.forgottenWritesChecked(try store.hasForgottenWrites(peerHeads: heads)))
                case .beginRestore:
                    // The peer holds writes of ours that this store has lost: it
                    // was restored from a backup. Read the peer's log again from
                    // the start, this time with our own revisions.
                    try store.noteRestoreDetected()
                    try store.beginRestoredPull(peer: peer)
                    report.restoreDetected = true
                    action = machine.handle(.restoreBegun(checkpoint: try storedCheckpoint()))
                case .fail(let refusal):
                    throw PeerError(peer: peer, kind: .rejected, message: Self.message(refusal, peer: peer))
                case .finish(let complete):
                    restoreComplete = complete
                    over = true
                }
                return 0
            }
        } catch let e as PeerError {
            settle()
            throw report.failing(e, bytes: client.bytesReceived - startBytes, since: started)
        } catch {
            settle()
            // Anything else is this node's own failure (its store, its disk).
            throw report.failing(.local(peer: peer, error), bytes: client.bytesReceived - startBytes, since: started)
        }
        settle()   // a page fetched ahead of a stop is not applied: the next pull asks for it again
        if restoreComplete { try store.notePullAfterRestore(peer: peer, trustedPeers: Array(trust.peers.keys)) }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// Verifies and applies one page in one transaction with its checkpoint.
    private func apply(_ page: ChangesPage, contentProblems: [RevisionRejection?]?, checkpoint: PullMachine.Checkpoint,
                       from peer: String, to store: Store, applier: inout ChangeSetApplier, report: inout TransferReport) throws {
        do {
            let apply = { (applier: ChangeSetApplier) in
                try applier.verifyAndApply(page.entries.map(\.revision), from: peer, to: store, now: WallClock.nowMillis(),
                                           contentProblems: contentProblems) { _, scope in
                    try store.savePullCheckpoint(peer: peer, pulledSeq: Int64(clamping: checkpoint.pulledSeq),
                                                 peerHeadSeq: Int64(clamping: checkpoint.peerHeadSeq), in: scope)
                }
            }
            let tally: ApplyTally
            do {
                tally = try apply(applier)
            } catch let rejected as ChangeSetRejected {
                // An author may have rotated its key and been adopted (by
                // this run's sync with that author, or another process)
                // since `trust` was read: check once more against the
                // peer files as they are now, before calling it forgery.
                guard let fresh = currentTrust?(), fresh.peers != applier.trust.peers else { throw rejected }
                applier = ChangeSetApplier(trust: fresh, sign: sign)
                tally = try apply(applier)
            }
            report.add(tally)
            if let first = tally.rejections.first {
                report.warnings.append("\(tally.rejected) revisions from \(peer) recorded as rejected (e.g. \(first.revisionID) of \(first.documentID): \(first.code.rawValue)); see `syncnode rejected`")
            }
        } catch let e as ChangeSetRejected {
            report.rejected += e.rejections.count
            throw PeerError(peer: peer, kind: .rejected, message: e.description)
        }
    }

    /// Why the peer's answer cannot be followed, and what to do.
    static func message(_ refusal: PullMachine.Refusal, peer: String) -> String {
        switch refusal {
        case .wrongNode(let node):
            return "it says it is '\(node)': check its URL in peers/\(peer).json"
        case .malformedNext(let next):
            return "\(peer) sent a malformed page: next \(next) is not a sequence number"
        case .endlessEmptyPages(let count, let upTo, let stored):
            return "\(peer) sent \(count) empty pages in a row, each saying has_more, up to seq \(upTo): "
                + "given up, the checkpoint stays at \(stored). Its change log cannot be followed; tell its operator"
        }
    }
}
