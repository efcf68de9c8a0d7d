import FoundationEssentials
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
    package var groupSeconds = 1.0
    /// The same for a first load through the rollback journal
    /// (`Store.withRollbackJournalIfFirstLoad`), where no other connection
    /// had the store open. Each commit there journals and writes again the
    /// index pages that random document ids touched, and syncs twice: at
    /// 100,000 articles, groups of 3-4 s wrote 0.75 GB instead of 1.05 GB
    /// and the pull took 6-15% less time (fresh stores, alternating runs).
    /// A reader or writer that comes meanwhile waits up to a group and its
    /// commit, still under its 5 s. `firstLoadGroupRevisions` is set so
    /// that time, not count, ends these groups.
    package var firstLoadGroupSeconds = 3.0
    package var firstLoadGroupRevisions = 60_000
    /// A pull that has come this far (in the peer's sequence numbers) with
    /// more to come gets the store's bulk page cache for the rest
    /// (`Store.useBulkWriteCache`) and applies its pages in groups: a
    /// catch-up, not a routine pull.
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
    /// A new node's first pull (into a store with no documents) writes
    /// through the rollback journal when its connection is the store's only
    /// one (`Store.withRollbackJournalIfFirstLoad`): its pages are written once.
    package func pull(from client: PeerClient, into store: Store, selfName: String, trust: TrustStore,
                     fromStart: Bool = false,
                     shouldStop: () -> Bool = { false },
                     progress: (TransferReport) -> Void = { _ in }) throws -> TransferReport {
        try store.withRollbackJournalIfFirstLoad { load in
            do {
                return try pullPages(from: client, into: store, selfName: selfName, trust: trust, fromStart: fromStart,
                                     load: load, shouldStop: shouldStop, progress: progress)
            } catch {
                try? store.restoreDeferredIndexes()   // else the next read-write open does
                throw error
            }
        }
    }

    private func pullPages(from client: PeerClient, into store: Store, selfName: String, trust: TrustStore,
                           fromStart: Bool, load: Store.Load, shouldStop: () -> Bool,
                           progress: (TransferReport) -> Void) throws -> TransferReport {
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
            if let query { prefetch = PageFetch(client, query, trust: applier.trust) }
        }
        func storedCheckpoint() throws -> UInt64 { UInt64(max(0, try store.peerState(peer).pulledSeq)) }
        if fromStart { try store.write { scope in try store.savePullCheckpoint(peer: peer, pulledSeq: 0, peerHeadSeq: 0, in: scope) } }
        // A store restored from a backup may have forgotten some of its own
        // revisions: ask for them too (no `exclude`), so that they come back
        // and the store moves to a new epoch before reusing their counters.
        let restored = try store.restoredFromBackup != nil
        if restored { try store.beginRestoredPull(peer: peer) }
        var restoreComplete = false
        // The page last received, with its checks.
        var received: FetchedPage?
        // Only applying a page happens in a write transaction. Once a pull
        // is catching up (`bulk`), the pages that arrive within the group's
        // time are applied in the same transaction, up to `groupRevisions`
        // revisions or `groupSeconds` (a first load: `firstLoadGroupSeconds`):
        // it commits less often. Before that,
        // each page commits alone, so a short pull keeps its progress page
        // by page, and no transaction waits for the network.
        var bulk = false
        // A first pull that catches up a long way builds the listing
        // indexes once at the end (`Store.deferListingIndexes`).
        let deferListingIndexes = load.isFirst
        let groupLimit = load == .firstThroughRollbackJournal
            ? (seconds: firstLoadGroupSeconds, revisions: firstLoadGroupRevisions) : (seconds: groupSeconds, revisions: groupRevisions)
        /// Whether the group goes on to the page `action` asks for: only
        /// while catching up, and only if that page arrives within the time left.
        func groupTakes(_ action: PullMachine.Action, revisions: Int, since opened: ContinuousClock.Instant) -> Bool {
            guard bulk, case .fetch(let query) = action, let p = prefetch, p.query == query, revisions < groupLimit.revisions
            else { return false }
            let left = groupLimit.seconds - (ContinuousClock.now - opened).inSeconds
            guard left > 0 else { return false }
            p.help()
            return p.isFinished(within: left)
        }
        do {
            report.startSeq = try storedCheckpoint()
            report.seq = report.startSeq
            var action = machine.handle(.started(checkpoint: report.startSeq, restored: restored))
            var over = false
            // A long way behind: a larger page cache while catching up.
            defer { if bulk { try? store.useBulkWriteCache(false) } }
            while !over {
                guard case .apply = action else {
                    try stepOutside(&action)
                    continue
                }
                // A failure before a page is written ends the group: the pages
                // before it commit. A failure while one is written, or of the
                // commit, rolls the group back and the report with it.
                var failure: (any Error)?
                let committed = report
                do { try store.write { scope in
                    var revisions = 0
                    let opened = ContinuousClock.now
                    while case .apply(let page, let checkpoint, let next) = action {
                        do {
                            try applyStep(page, checkpoint: checkpoint, next: next, scope)
                            revisions += page.entries.count
                            guard !over, groupTakes(action, revisions: revisions, since: opened),
                                  case .fetch(let query) = action else { return }
                            action = try receive(query)
                        } catch let broken as GroupBroken {
                            throw broken.error   // a page half written: the whole group rolls back
                        } catch {
                            // Nothing of this step was written; the transaction
                            // must still be there to commit the pages before it.
                            guard store.isInTransaction else { throw error }
                            failure = error
                            return
                        }
                    }
                } } catch {
                    report = committed
                    throw error
                }
                if let failure { throw failure }
            }
            /// The page `query` asks for (fetched ahead, or now), checked;
            /// the machine's answer to it.
            func receive(_ query: ChangesQuery) throws -> PullMachine.Action {
                let fetched: FetchedPage
                if let p = prefetch, p.query == query {
                    prefetch = nil
                    let (result, bytes) = p.finishedHelping()
                    fetched = try result.get()
                    bytesSoFar = bytes
                } else {
                    settle()   // asked for a page this pull no longer wants (a restore restarts the read)
                    fetched = FetchedPage(try client.changes(query), from: peer, trust: applier.trust)
                    bytesSoFar = client.bytesReceived
                }
                received = fetched
                return machine.handle(.pageReceived(fetched.page))
            }
            /// Applies one page in a group's write.
            func applyStep(_ page: ChangesPage, checkpoint: PullMachine.Checkpoint, next: ChangesQuery?,
                           _ scope: WriteScope) throws {
                startFetching(next)
                // The machine applies the page it was just given, checked on
                // its fetch thread; any other page is checked here.
                let fetched = received.flatMap {
                    $0.page.next == page.next && $0.revisions.count == page.entries.count ? $0 : nil
                } ?? FetchedPage(page, from: peer, trust: applier.trust)
                try apply(fetched, checkpoint: checkpoint, from: peer, to: store, applier: &applier, report: &report,
                          in: scope)
                report.pages += 1
                report.seq = page.next
                report.bytes = bytesSoFar - startBytes
                report.seconds = Date().timeIntervalSince(started)
                // Shown as each page is applied (a group may still roll it back
                // on a failure of the disk, and the report with it).
                progress(report)
                action = machine.handle(.applied(stopRequested: shouldStop()))
                if !bulk, page.hasMore, report.seq >= report.startSeq + UInt64(bulkAfterRevisions) {
                    try store.useBulkWriteCache(true)
                    if deferListingIndexes { try store.deferListingIndexes(in: scope) }
                    bulk = true
                }
            }
            /// Carries out any action but `apply`, outside a transaction.
            func stepOutside(_ action: inout PullMachine.Action) throws {
                switch action {
                case .fetch(let query):
                    action = try receive(query)
                case .skip(_, let next):
                    startFetching(next)
                    report.pages += 1
                    action = machine.handle(.skipped(stopRequested: shouldStop()))
                case .apply:
                    preconditionFailure("Puller: a page is applied in a group's write")
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
        if deferListingIndexes {
            do { try store.restoreDeferredIndexes() } catch {
                throw report.failing(.local(peer: peer, error), bytes: client.bytesReceived - startBytes, since: started)
            }
        }
        if restoreComplete { try store.notePullAfterRestore(peer: peer, trustedPeers: Array(trust.peers.keys)) }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// A failure while a page was being written: the group's transaction
    /// holds part of the page and must roll back.
    private struct GroupBroken: Error {
        let error: any Error
    }

    /// Applies one verified page with its checkpoint, in the group's write.
    /// A refused page (a signature that does not verify) is refused before
    /// anything of it is written.
    private func apply(_ fetched: FetchedPage, checkpoint: PullMachine.Checkpoint, from peer: String, to store: Store,
                       applier: inout ChangeSetApplier, report: inout TransferReport, in scope: WriteScope) throws {
        let page = fetched.trust.peers == applier.trust.peers ? fetched : fetched.checked(with: applier.trust)
        let refusals: [RevisionRejection?]
        do {
            do {
                refusals = try page.refusals(from: peer)
            } catch let rejected as ChangeSetRejected {
                // An author may have rotated its key and been adopted (by
                // this run's sync with that author, or another process)
                // since `trust` was read: check once more against the
                // peer files as they are now, before calling it forgery.
                guard let fresh = currentTrust?(), fresh.peers != applier.trust.peers else { throw rejected }
                applier = ChangeSetApplier(trust: fresh, sign: sign)
                refusals = try page.checked(with: fresh).refusals(from: peer)
            }
        } catch let e as ChangeSetRejected {
            report.rejected += e.rejections.count
            throw PeerError(peer: peer, kind: .rejected, message: e.description)
        }
        let tally: ApplyTally
        do {
            tally = try applier.applyVerified(page.revisions, refusals: refusals, from: peer, to: store, now: WallClock.nowMillis(),
                                             in: scope) { _, scope in
                try store.savePullCheckpoint(peer: peer, pulledSeq: Int64(clamping: checkpoint.pulledSeq),
                                             peerHeadSeq: Int64(clamping: checkpoint.peerHeadSeq), in: scope)
            }
        } catch {
            throw GroupBroken(error: error)
        }
        report.add(tally)
        if let first = tally.rejections.first {
            report.warnings.append("\(tally.rejected) revisions from \(peer) recorded as rejected (e.g. \(first.revisionID) of \(first.documentID): \(first.code.rawValue)); see `syncnode rejected`")
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
