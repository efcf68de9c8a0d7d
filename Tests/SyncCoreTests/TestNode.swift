@testable import SyncCore

/// A node as the store will drive SyncCore: per document a `DocumentState`
/// and the full history of revisions, a node-wide counter and a hybrid clock.
struct TestNode {
    var name: String
    var actor: String
    var counter: UInt64 = 0
    var hlc = HybridTimestamp(millis: 0)
    var docs: [String: DocumentState] = [:]
    /// Per document, one revision per dot: the one `DocumentState` keeps.
    var history: [String: [Dot: Revision]] = [:]
    /// Per document, every revision received, both of a reused dot's twins included.
    var received: [String: Set<Revision>] = [:]

    init(_ name: String, actor: String? = nil) {
        self.name = name
        self.actor = actor ?? name
    }

    /// Writes a revision superseding everything this node has seen of `doc`
    /// (or with an explicit, possibly stale, `context`), and applies it.
    @discardableResult
    mutating func write(_ doc: String, kind: DocumentKind = .article, _ content: Content, tombstone: Bool = false,
                        now: UInt64, context: VersionVector? = nil) -> Revision {
        counter += 1
        hlc = hlc.next(now: now)
        let r = Revision(documentID: doc, kind: kind, dot: Dot(actor: actor, counter: counter),
                         context: context ?? state(doc).clock, author: name, timestamp: hlc,
                         tombstone: tombstone, content: tombstone ? Content() : content)
        receive(r, now: now)
        return r
    }

    /// Applies a revision from anywhere (history keeps every revision).
    @discardableResult
    mutating func receive(_ r: Revision, now: UInt64, maxSkewMillis: UInt64 = MergeRules.defaultMaxSkewMillis)
        -> ApplyOutcome {
        hlc = hlc.receiving(r.timestamp, now: now, maxSkewMillis: maxSkewMillis)
        received[r.documentID, default: []].insert(r)
        // Two revisions with one dot only come from a reused counter: keep the
        // same one everywhere, as DocumentState does.
        if let held = history[r.documentID]?[r.dot], held == r || DocumentState.keepsFirst(held, over: r) {
        } else {
            history[r.documentID, default: [:]][r.dot] = r
        }
        return docs[r.documentID, default: DocumentState()].apply(r)
    }

    func state(_ doc: String) -> DocumentState { docs[doc] ?? DocumentState() }

    /// The document's history, sorted by dot.
    func revisions(_ doc: String) -> [Revision] {
        (history[doc] ?? [:]).values.sorted { $0.dot < $1.dot }
    }

    /// Every revision this node holds, sorted by document then dot.
    var allRevisions: [Revision] {
        history.keys.sorted().flatMap { revisions($0) }
    }

    /// Every revision received of `doc`, losing twins of a reused dot
    /// included, sorted by dot (then whole-revision digest).
    func receivedRevisions(_ doc: String) -> [Revision] {
        MergeRules.canonicalSet(Array(received[doc] ?? []))
    }

    /// True when two different revisions of `doc` with one dot were received.
    func hasReusedDots(_ doc: String) -> Bool {
        (received[doc]?.count ?? 0) != (history[doc]?.count ?? 0)
    }

    /// Every revision received, sorted by document, then as `receivedRevisions`.
    var allReceived: [Revision] {
        received.keys.sorted().flatMap { receivedRevisions($0) }
    }

    func view(_ doc: String, now: UInt64, maxSkewMillis: UInt64 = MergeRules.defaultMaxSkewMillis) -> MergedView? {
        let s = state(doc)
        guard !s.siblings.isEmpty else { return nil }
        return MergeRules.view(siblings: s.siblings, history: revisions(doc), now: now, maxSkewMillis: maxSkewMillis)
    }

    /// What a peer would report of this node: every actor's highest counter seen.
    var nodeClock: VersionVector {
        var v = VersionVector()
        for s in docs.values { v.formUnion(s.clock) }
        return v
    }
}
