import SyncCore

/// The decisions of a pull from one peer's change log, without the network
/// or the store: which page to ask for next, whether a page is applied or
/// only moves the cursor in memory, where its checkpoint goes, when a
/// restored node reads the log again, and when the pull ends. A driver
/// (`Puller` in SyncNode) carries out each `Action` and answers with the
/// `Event` it names, so the rules can be tested page by page without a peer.
///
/// The checkpoint an applied page commits is that page's `next`, never
/// further: empty pages that say `has_more` move only the in-memory cursor,
/// and a peer that keeps sending them is given up on with the stored
/// checkpoint where it was.
package struct PullMachine: Sendable {
    package enum Event: Sendable, Equatable {
        /// The pull begins at the stored checkpoint; `restored` when the
        /// store is a restored backup (its own revisions are asked for too).
        case started(checkpoint: UInt64, restored: Bool)
        /// The page answering the last `fetch`.
        case pageReceived(ChangesPage)
        /// A `skip` was counted; `stopRequested` when the run asked to stop.
        case skipped(stopRequested: Bool)
        /// An `apply` committed the page with its checkpoint.
        case applied(stopRequested: Bool)
        /// The answer to `checkForgottenWrites`.
        case forgottenWritesChecked(Bool)
        /// `beginRestore` was carried out; the stored checkpoint is now `checkpoint`.
        case restoreBegun(checkpoint: UInt64)
    }

    package enum Action: Sendable, Equatable {
        /// Fetch this page (a page fetched ahead for the same query may be used).
        case fetch(ChangesQuery)
        /// Verify and apply the page's revisions in one transaction with
        /// the checkpoint; start fetching `prefetch` meanwhile, if given.
        case apply(ChangesPage, checkpoint: Checkpoint, prefetch: ChangesQuery?)
        /// An empty page with `has_more`: count it, store nothing, and start
        /// fetching `prefetch` (the page after it).
        case skip(ChangesPage, prefetch: ChangesQuery)
        /// Ask the store whether the peer holds writes of this node that it
        /// lost (the page's `excluded_heads`).
        case checkForgottenWrites(VersionVector)
        /// The store was restored from a backup: mark it so and restart the
        /// read of this peer's log, this node's own revisions included.
        case beginRestore
        /// The pull is over; `restoreComplete` when a restored store read
        /// the peer's whole log (own revisions included) to its end.
        case finish(restoreComplete: Bool)
        /// The peer's answer cannot be followed: the pull fails.
        case fail(Refusal)
    }

    /// What an applied page stores with its revisions.
    package struct Checkpoint: Sendable, Equatable {
        /// Where the next pull starts: the page's `next`.
        package var pulledSeq: UInt64
        /// The least the peer's head can be: one past the cursor while it said `has_more`.
        package var peerHeadSeq: UInt64

        package init(pulledSeq: UInt64, peerHeadSeq: UInt64) {
            self.pulledSeq = pulledSeq
            self.peerHeadSeq = peerHeadSeq
        }
    }

    /// Why a pull gave up on the peer's answer.
    package enum Refusal: Sendable, Equatable {
        /// The page names another node than the peer asked.
        case wrongNode(String)
        /// `next` is beyond what a sequence number can be.
        case malformedNext(UInt64)
        /// `count` empty pages in a row said `has_more`, the last up to
        /// `upTo`; the stored checkpoint stayed at `checkpoint`.
        case endlessEmptyPages(count: Int, upTo: UInt64, checkpoint: UInt64)
    }

    package let peer: String
    package let selfName: String
    package let pageLimit: Int
    /// Most fetches in one pull (a misbehaving peer cannot loop us forever).
    package let maxPages: Int
    /// Most empty pages with `has_more` in a row.
    package let maxEmptyPages: Int
    /// A repair re-read (`--from-start`) takes this node's own revisions too.
    package let includeOwn: Bool

    /// The stored checkpoint, as this pull left it.
    package private(set) var checkpoint: UInt64 = 0
    package private(set) var restored = false
    /// Where empty pages moved the cursor, in memory only.
    private var emptyCursor: UInt64?
    private var emptyPages = 0
    private var fetches = 0
    /// The last page received, and whether it ended the log.
    private var page: ChangesPage?
    private var complete = false
    private var stopAfterRestoreCheck = false

    package init(peer: String, selfName: String, pageLimit: Int, maxPages: Int, maxEmptyPages: Int, includeOwn: Bool) {
        self.peer = peer
        self.selfName = selfName
        self.pageLimit = pageLimit
        self.maxPages = maxPages
        self.maxEmptyPages = maxEmptyPages
        self.includeOwn = includeOwn
    }

    package mutating func handle(_ event: Event) -> Action {
        switch event {
        case .started(let stored, let restored):
            checkpoint = stored
            self.restored = restored
            return nextFetch()
        case .pageReceived(let page):
            return received(page)
        case .skipped(let stop):
            return stop ? finish() : nextFetch()
        case .applied(let stop):
            guard let page else { return finish() }
            checkpoint = page.next
            complete = !page.hasMore
            if !restored, let heads = page.excludedHeads {
                stopAfterRestoreCheck = stop
                return .checkForgottenWrites(heads)
            }
            return page.hasMore && !stop ? nextFetch() : finish()
        case .forgottenWritesChecked(let forgotten):
            guard forgotten else {
                return page?.hasMore == true && !stopAfterRestoreCheck ? nextFetch() : finish()
            }
            restored = true
            complete = false
            return .beginRestore
        case .restoreBegun(let stored):
            checkpoint = stored
            return nextFetch()
        }
    }

    /// Leaves out this node's own revisions, unless a restored store or a
    /// repair re-read needs them back.
    var exclude: String? { restored || includeOwn ? nil : selfName }

    private func query(since: UInt64) -> ChangesQuery {
        ChangesQuery(since: since, limit: pageLimit, exclude: exclude)
    }

    private mutating func nextFetch() -> Action {
        guard fetches < maxPages else { return finish() }
        fetches += 1
        return .fetch(query(since: emptyCursor ?? checkpoint))
    }

    private func finish() -> Action {
        .finish(restoreComplete: restored && complete)
    }

    private mutating func received(_ page: ChangesPage) -> Action {
        guard page.node == peer else { return .fail(.wrongNode(page.node)) }
        guard page.next < UInt64(Int64.max) else { return .fail(.malformedNext(page.next)) }
        self.page = page
        // The checkpoint this page commits is where the next one starts.
        let following = page.hasMore ? query(since: page.next) : nil
        if page.entries.isEmpty, let following {
            emptyPages += 1
            guard emptyPages < maxEmptyPages else {
                return .fail(.endlessEmptyPages(count: emptyPages, upTo: page.next, checkpoint: checkpoint))
            }
            emptyCursor = page.next
            return .skip(page, prefetch: following)
        }
        emptyPages = 0
        emptyCursor = nil
        let head = page.hasMore ? page.next + 1 : page.next
        return .apply(page, checkpoint: Checkpoint(pulledSeq: page.next, peerHeadSeq: head), prefetch: following)
    }
}
