import Foundation
import SyncCore
import SyncProtocol
import SyncStore

/// Pulls a peer's change log page by page from the stored checkpoint. Each
/// page is verified whole and applied in one transaction together with the
/// new checkpoint, so an interrupted pull resumes where it stopped and never
/// applies a page twice or half. Page N+1 is downloaded and decoded on
/// another thread (`PageFetch`) while page N is verified and applied.
public struct Puller {
    public var pageLimit = 500
    /// Upper bound on pages in one pull (a misbehaving peer cannot loop us forever).
    public var maxPages = 1_000_000
    /// Most empty pages with `has_more` in a row. Such pages are legitimate
    /// (a window of only our own revisions, left out by `exclude`) but move
    /// the cursor on the peer's word alone: they move it in memory only, and
    /// a peer that keeps sending them is given up on with the stored
    /// checkpoint untouched.
    public var maxEmptyPages = 1000
    /// Signs this node's revisions, so that a write of ours that lost a
    /// reused dot is written again (see `ChangeSetApplier`).
    public var sign: ((Revision) throws -> [UInt8])?
    /// The trust store as the peer files are now (a live view, `TrustCache`):
    /// a page refused on signatures is checked once more against it when it
    /// changed since the pull began, e.g. a rotated key adopted meanwhile.
    var currentTrust: (() -> TrustStore)?

    public init() {}

    /// - Parameter fromStart: re-read the peer's whole log (repair; idempotent).
    public func pull(from client: PeerClient, into store: Store, selfName: String, trust: TrustStore,
                     fromStart: Bool = false,
                     shouldStop: () -> Bool = { false },
                     progress: (TransferReport) -> Void = { _ in }) throws -> TransferReport {
        let peer = client.peer.name
        let started = Date()
        var report = TransferReport(peer: peer, direction: "pull")
        report.peerHeadSeq = client.peerHeadSeq
        var applier = ChangeSetApplier(trust: trust, sign: sign)
        let startBytes = client.bytesReceived
        if fromStart { try store.write { try store.savePullCheckpoint(peer: peer, pulledSeq: 0, peerHeadSeq: 0) } }
        // A store restored from a backup may have forgotten some of its own
        // revisions: ask for them too (no `exclude`), so that they come back
        // and the store moves to a new epoch before reusing their counters.
        var restored = try store.restoredFromBackup != nil
        if restored { try store.beginRestoredPull(peer: peer) }
        // A repair re-read takes the whole log, this node's own revisions included.
        let includeOwn = fromStart
        var complete = false
        // The next page, fetched while this one is verified and applied. The
        // client belongs to its thread until it is waited for: every path
        // below waits (`settle`) before using the client again.
        var prefetch: PageFetch?
        var bytesSoFar = startBytes
        func settle() {
            if let p = prefetch { prefetch = nil; _ = p.finished() }
        }
        var emptyCursor: Int64?
        var emptyPages = 0
        do {
            report.startSeq = UInt64(max(0, try store.peerState(peer).pulledSeq))
            report.seq = report.startSeq
            for _ in 0..<maxPages {
                let since = try emptyCursor ?? store.peerState(peer).pulledSeq
                let exclude = restored || includeOwn ? nil : selfName
                let query = ChangesQuery(since: UInt64(max(0, since)), limit: pageLimit, exclude: exclude)
                let page: ChangesPage
                if let p = prefetch, p.query == query {
                    prefetch = nil
                    let (fetched, bytes) = p.finished()
                    page = try fetched.get()
                    bytesSoFar = bytes
                } else {
                    settle()   // asked for a page this loop no longer wants (a restore restarts the read)
                    page = try client.changes(query)
                    bytesSoFar = client.bytesReceived
                }
                guard page.node == peer else {
                    throw PeerError(peer: peer, kind: .rejected, message: "it says it is '\(page.node)': check its URL in peers/\(peer).json")
                }
                guard page.next < UInt64(Int64.max) else {
                    throw PeerError(peer: peer, kind: .rejected, message: "\(peer) sent a malformed page: next \(page.next) is not a sequence number")
                }
                // The checkpoint this page commits is where the next one starts.
                if page.hasMore {
                    prefetch = PageFetch(client, ChangesQuery(since: page.next, limit: pageLimit, exclude: exclude))
                }
                if page.entries.isEmpty && page.hasMore {
                    emptyPages += 1
                    guard emptyPages < maxEmptyPages else {
                        let stored = try store.peerState(peer).pulledSeq
                        throw PeerError(peer: peer, kind: .rejected,
                                        message: "\(peer) sent \(emptyPages) empty pages in a row, each saying has_more, up to seq \(page.next): "
                                        + "given up, the checkpoint stays at \(stored). Its change log cannot be followed; tell its operator")
                    }
                    emptyCursor = Int64(page.next)
                    report.pages += 1
                    if shouldStop() { break }
                    continue
                }
                emptyPages = 0
                emptyCursor = nil
                do {
                    let apply = { (applier: ChangeSetApplier) in
                        try applier.verifyAndApply(page.entries.map(\.revision), from: peer, to: store, now: WallClock.nowMillis()) { _ in
                            let next = Int64(clamping: page.next)
                            try store.savePullCheckpoint(peer: peer, pulledSeq: next, peerHeadSeq: page.hasMore ? next + 1 : next)
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
                report.pages += 1
                report.seq = page.next
                report.bytes = bytesSoFar - startBytes
                report.seconds = Date().timeIntervalSince(started)
                progress(report)
                complete = !page.hasMore
                // The peer holds writes of ours that this store has lost: it
                // was restored from a backup. Read the peer's log again from
                // the start, this time with our own revisions.
                if !restored, let heads = page.excludedHeads, try store.hasForgottenWrites(peerHeads: heads) {
                    try store.noteRestoreDetected()
                    try store.beginRestoredPull(peer: peer)
                    report.restoreDetected = true
                    restored = true
                    complete = false
                    continue
                }
                if !page.hasMore || shouldStop() { break }
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
        if restored && complete { try store.notePullAfterRestore(peer: peer, trustedPeers: Array(trust.peers.keys)) }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }
}
