/// The deterministic rules that turn a document's concurrent revisions into
/// what a node shows. Every function here is pure: the result depends only
/// on the set of revisions passed in (not their order, not duplicates), so
/// every node computes the same thing.
package enum MergeRules {
    /// How far ahead of the local clock a timestamp may be before it is
    /// flagged as skewed: 5 minutes.
    package static let defaultMaxSkewMillis: UInt64 = 5 * 60 * 1000

    /// True when `a` is shown in preference to `b`. A strict total order:
    /// live before delete, then the higher hybrid timestamp, then the greater
    /// actor (string order), then the greater content hash; the dot counter
    /// and a whole-revision digest only separate revisions that agree on all
    /// of that. Only meaningful among concurrent siblings: causality is
    /// decided by version vectors, never by timestamps.
    package static func ranksAbove(_ a: Revision, _ b: Revision) -> Bool {
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
    package static func winner(_ siblings: [Revision]) -> Revision {
        precondition(!siblings.isEmpty, "MergeRules.winner(_:) needs at least one revision")
        var best = siblings[0]
        for r in siblings.dropFirst() where ranksAbove(r, best) { best = r }
        return best
    }

    /// The latest revisions every sibling descends from: among `history`
    /// revisions whose dots every sibling's context covers, the maximal ones
    /// (not covered by another candidate's context), sorted by dot. More than
    /// one after a criss-cross. Empty when the siblings share no ancestor in `history`.
    package static func commonAncestors(of siblings: [Revision], history: [Revision]) -> [Revision] {
        guard let document = siblings.first?.documentID else { return [] }
        let candidates = canonicalSet(history.filter { h in
            h.documentID == document && siblings.allSatisfy { $0.context.covers(h.dot) }
        })
        // A candidate is covered by another's context exactly when the union
        // of all candidates' contexts covers it (a context never covers its own dot).
        var later = VersionVector()
        for c in candidates { later.formUnion(c.context) }
        return candidates.filter { !later.covers($0.dot) }
    }

    /// The single latest revision every sibling descends from; nil when there
    /// is none or several (a criss-cross: see `mergeBase(of:history:)`).
    package static func commonBase(of siblings: [Revision], history: [Revision]) -> Revision? {
        let ancestors = commonAncestors(of: siblings, history: history)
        return ancestors.count == 1 ? ancestors[0] : nil
    }

    /// What the siblings are merged against: their single common ancestor, or,
    /// when there are several (criss-cross), a virtual base that favours none
    /// of them: the ancestors merged against their own merge base, computed
    /// recursively over the part of `history` strictly before them (so the
    /// recursion ends). Fields left in conflict by that merge are undecided.
    /// nil when the siblings share no ancestor in `history`.
    package static func mergeBase(of siblings: [Revision], history: [Revision]) -> MergeBase? {
        let ancestors = commonAncestors(of: siblings, history: history)
        guard ancestors.count > 1 else { return ancestors.first.map(MergeBase.init) }
        let dots = Set(ancestors.map(\.dot))
        let earlier = history.filter { h in
            !dots.contains(h.dot) && ancestors.contains { $0.context.covers(h.dot) }
        }
        let inner = mergeBase(of: ancestors, history: earlier)
        let live = ancestors.filter { !$0.tombstone }
        guard !live.isEmpty else { return MergeBase(ancestors: ancestors, content: nil, undecided: []) }
        let merged = mergeFields(live: live, winner: winner(live), base: inner, history: earlier)
        return MergeBase(ancestors: ancestors, content: merged.content,
                         undecided: Set(merged.conflicts.map(\.field)))
    }

    /// The view of a document, computing the merge base from `history`
    /// (all revisions of the document this node holds, superseded ones included).
    package static func view(siblings: [Revision], history: [Revision], now: UInt64,
                            maxSkewMillis: UInt64 = defaultMaxSkewMillis) -> MergedView {
        let base = siblings.count > 1 ? mergeBase(of: siblings, history: history) : nil
        return view(siblings: siblings, mergeBase: base, history: history, now: now, maxSkewMillis: maxSkewMillis)
    }

    /// The view of a document merged against a single base revision (see
    /// `view(siblings:mergeBase:history:now:maxSkewMillis:)`).
    package static func view(siblings: [Revision], base: Revision?, history: [Revision] = [],
                            now: UInt64, maxSkewMillis: UInt64 = defaultMaxSkewMillis) -> MergedView {
        view(siblings: siblings, mergeBase: base.map(MergeBase.init), history: history, now: now,
             maxSkewMillis: maxSkewMillis)
    }

    /// The view of a document given its siblings and their merge base.
    ///
    /// - Parameters:
    ///   - siblings: the current siblings (at least one; order and duplicates do not matter).
    ///   - mergeBase: `mergeBase(of:history:)`. A delete as base counts as no base.
    ///   - history: the document's revisions, used only to tell which tags a
    ///     sibling re-added (see `FieldMerge`); pass the same history as for
    ///     the base. Empty means a plain three-way tag merge.
    ///   - now: local wall-clock milliseconds; only decides `skewed`.
    ///   - maxSkewMillis: how far ahead of `now` a timestamp may be before it is flagged.
    package static func view(siblings input: [Revision], mergeBase base: MergeBase?, history: [Revision] = [],
                            now: UInt64, maxSkewMillis: UInt64 = defaultMaxSkewMillis) -> MergedView {
        let siblings = canonicalSet(input)
        let winner = winner(siblings)
        let live = siblings.filter { !$0.tombstone }
        let limit = now.addingReportingOverflow(maxSkewMillis)
        let skewed = limit.overflow ? [] : siblings.filter { $0.timestamp.millis > limit.partialValue }.map(\.dot)
        let (content, conflicts) = live.isEmpty ? (winner.content, [])
            : mergeFields(live: live, winner: winner, base: base, history: history)
        return MergedView(documentID: winner.documentID, kind: winner.kind, content: content,
                          tombstone: live.isEmpty, winner: winner, siblings: siblings, mergeBase: base,
                          conflicts: conflicts, deleteConflict: !live.isEmpty && live.count < siblings.count,
                          skewed: skewed)
    }

    /// The field-level merge of the live siblings (sorted by dot, at least
    /// one) against `base`; the winner's content when they all agree.
    static func mergeFields(live: [Revision], winner: Revision, base: MergeBase?,
                            history: [Revision]) -> (content: Content, conflicts: [FieldConflict]) {
        // (Counted before hashing: one live sibling, the usual case, agrees
        // with itself, and hashing every text of it cost a pull about 5%.)
        guard live.count > 1, Set(live.map(\.content)).count > 1 else { return (winner.content, []) }
        let retouched = FieldMerge.retouchedTags(live: live, base: base, history: history)
        return FieldMerge.merge(live: live, base: base?.content, undecided: base?.undecided ?? [],
                                winner: winner, retouched: retouched)
    }

    /// `revisions` without exact duplicates, sorted by dot (two different
    /// revisions with one dot: by whole-revision digest).
    static func canonicalSet(_ revisions: [Revision]) -> [Revision] {
        guard revisions.count > 1 else { return revisions }
        var unique: [Revision] = []
        var seen = Set<Revision>()
        for r in revisions where seen.insert(r).inserted { unique.append(r) }
        return unique.sorted { a, b in
            a.dot != b.dot ? a.dot < b.dot : ContentHash.ofRevision(a) < ContentHash.ofRevision(b)
        }
    }
}
