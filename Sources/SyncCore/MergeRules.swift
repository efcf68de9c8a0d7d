/// The deterministic rules that turn a document's concurrent revisions into
/// what a node shows. Every function here is pure: the result depends only
/// on the set of revisions passed in (not their order, not duplicates), so
/// every node computes the same thing.
public enum MergeRules {
    /// How far ahead of the local clock a timestamp may be before it is
    /// flagged as skewed: 5 minutes.
    public static let defaultMaxSkewMillis: UInt64 = 5 * 60 * 1000

    /// True when `a` is shown in preference to `b`. A strict total order:
    /// live before delete, then the higher hybrid timestamp, then the greater
    /// actor (string order), then the greater content hash; the dot counter
    /// and a whole-revision digest only separate revisions that agree on all
    /// of that. Only meaningful among concurrent siblings: causality is
    /// decided by version vectors, never by timestamps.
    public static func ranksAbove(_ a: Revision, _ b: Revision) -> Bool {
        if a.tombstone != b.tombstone { return !a.tombstone }
        if a.timestamp != b.timestamp { return a.timestamp > b.timestamp }
        if a.dot.actor != b.dot.actor { return a.dot.actor > b.dot.actor }
        let ha = ContentHash.of(a), hb = ContentHash.of(b)
        if ha != hb { return ha > hb }
        if a.dot.counter != b.dot.counter { return a.dot.counter > b.dot.counter }
        return ContentHash.ofRevision(a) > ContentHash.ofRevision(b)
    }

    /// The sibling displayed first. `siblings` must not be empty (a
    /// programmer error: a known document always has a sibling).
    public static func winner(_ siblings: [Revision]) -> Revision {
        precondition(!siblings.isEmpty, "MergeRules.winner(_:) needs at least one revision")
        var best = siblings[0]
        for r in siblings.dropFirst() where ranksAbove(r, best) { best = r }
        return best
    }

    /// The latest revision every sibling descends from: among `history`
    /// revisions whose dots every sibling's context covers, the maximal ones
    /// (not covered by another candidate's context). When several are
    /// maximal (criss-cross merges), the one that ranks highest
    /// (`ranksAbove`). nil when the siblings share no ancestor in `history`.
    public static func commonBase(of siblings: [Revision], history: [Revision]) -> Revision? {
        guard let document = siblings.first?.documentID else { return nil }
        let candidates = history.filter { h in
            h.documentID == document && siblings.allSatisfy { $0.context.covers(h.dot) }
        }
        // A candidate is covered by another's context exactly when the union
        // of all candidates' contexts covers it (a context never covers its own dot).
        var later = VersionVector()
        for c in candidates { later.formUnion(c.context) }
        let maximal = candidates.filter { !later.covers($0.dot) }
        return maximal.isEmpty ? nil : winner(maximal)
    }

    /// The view of a document, computing the common base from `history`
    /// (all revisions of the document this node holds, superseded ones included).
    public static func view(siblings: [Revision], history: [Revision], now: UInt64,
                            maxSkewMillis: UInt64 = defaultMaxSkewMillis) -> MergedView {
        let base = siblings.count > 1 ? commonBase(of: siblings, history: history) : nil
        return view(siblings: siblings, base: base, history: history, now: now, maxSkewMillis: maxSkewMillis)
    }

    /// The view of a document given its siblings and their common base.
    ///
    /// - Parameters:
    ///   - siblings: the current siblings (at least one; order and duplicates do not matter).
    ///   - base: `commonBase(of:history:)`. A delete as base counts as no base.
    ///   - history: the document's revisions, used only to tell which tags a
    ///     sibling re-added (see `FieldMerge`); pass the same history as for
    ///     the base. Empty means a plain three-way tag merge.
    ///   - now: local wall-clock milliseconds; only decides `skewed`.
    ///   - maxSkewMillis: how far ahead of `now` a timestamp may be before it is flagged.
    public static func view(siblings input: [Revision], base: Revision?, history: [Revision] = [],
                            now: UInt64, maxSkewMillis: UInt64 = defaultMaxSkewMillis) -> MergedView {
        let siblings = canonicalSet(input)
        let winner = winner(siblings)
        let live = siblings.filter { !$0.tombstone }
        let limit = now.addingReportingOverflow(maxSkewMillis)
        let skewed = limit.overflow ? [] : siblings.filter { $0.timestamp.millis > limit.partialValue }.map(\.dot)

        var content = winner.content
        var conflicts: [FieldConflict] = []
        if Set(live.map(\.content)).count > 1 {
            let liveBase = base.flatMap { $0.tombstone ? nil : $0 }
            let retouched = FieldMerge.retouchedTags(live: live, base: liveBase, history: history)
            (content, conflicts) = FieldMerge.merge(live: live, base: liveBase?.content, winner: winner,
                                                    retouched: retouched)
        }
        return MergedView(documentID: winner.documentID, kind: winner.kind, content: content,
                          tombstone: live.isEmpty, winner: winner, siblings: siblings, base: base,
                          conflicts: conflicts, deleteConflict: !live.isEmpty && live.count < siblings.count,
                          skewed: skewed)
    }

    /// `revisions` without exact duplicates, sorted by dot (two different
    /// revisions with one dot: by whole-revision digest).
    static func canonicalSet(_ revisions: [Revision]) -> [Revision] {
        var unique: [Revision] = []
        var seen = Set<Revision>()
        for r in revisions where seen.insert(r).inserted { unique.append(r) }
        return unique.sorted { a, b in
            a.dot != b.dot ? a.dot < b.dot : ContentHash.ofRevision(a) < ContentHash.ofRevision(b)
        }
    }
}
