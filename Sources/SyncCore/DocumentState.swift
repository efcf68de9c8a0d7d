/// What one node knows of one document: the current concurrent revisions
/// (siblings) and the clock of every write event it has seen of it.
///
/// This is a dotted-version-vector set: a revision is obsolete once some
/// known revision's context covers its dot, and the clock (the union of all
/// seen dots and contexts) remembers that even after the revision is dropped,
/// so a late or duplicate copy never comes back. Clocks are never pruned.
/// The clock keeps one counter per actor, so it assumes an actor's writes to
/// a document form a chain (each has seen the previous ones, as every node's
/// writes do); a later write of the same actor therefore supersedes an
/// earlier one. The state depends only on the set of revisions received,
/// even when a restored node reused dots. `merging(_:)` is commutative,
/// associative and idempotent, so nodes that exchange revisions in any order,
/// with duplicates, converge.
package struct DocumentState: Sendable, Hashable {
    /// Current siblings, sorted by dot. More than one means a conflict.
    package private(set) var siblings: [Revision]
    /// Every write event seen of this document (dots and contexts).
    package private(set) var clock: VersionVector

    package init() {
        siblings = []
        clock = VersionVector()
    }

    /// Rebuilds a state from stored siblings and clock (e.g. by the store).
    /// Normalises it: the clock is widened to cover the siblings, and any
    /// sibling covered by another sibling's context is dropped.
    package init(siblings: [Revision], clock: VersionVector) {
        var candidates = clock
        for s in siblings {
            candidates.formUnion(s.context)
            candidates.add(s.dot)
        }
        self.clock = candidates
        self.siblings = Self.normalise(siblings)
    }

    /// True when the document has concurrent revisions.
    package var hasSiblings: Bool { siblings.count > 1 }

    /// True when the clock covers `dot`: a revision with it is known or superseded.
    package func covers(_ dot: Dot) -> Bool { clock.covers(dot) }

    /// Folds one revision into the state.
    ///
    /// The result depends only on the set of revisions received, never on
    /// their order, even when a restored node reused counters (two different
    /// revisions with one dot, or a later counter written before an earlier
    /// one it never saw):
    /// - the revision's dot and context always join the clock, and every
    ///   sibling it supersedes (see `supersedes`) is dropped, whatever becomes
    ///   of the revision itself: a losing same-dot twin or an obsolete copy
    ///   still says what its writer had seen;
    /// - two different revisions claiming one dot cannot both be kept: while
    ///   that dot is a current sibling the state keeps the earlier write, then
    ///   the smaller whole-revision digest (`keepsFirst`), so every node keeps
    ///   the same one;
    /// - otherwise a revision whose dot the clock already covers is obsolete.
    /// In a normal history (unique dots, each writer's context covering what it
    /// saw) an obsolete or already-known revision changes nothing, as before.
    /// The store settles a reused dot before it gets here (it withdraws the
    /// twin `keepsFirst` drops from its log, see `Store.checkReusedDot`), so
    /// it need not save the state on `.obsolete` or `.alreadyKnown`.
    @discardableResult
    package mutating func apply(_ revision: Revision) -> ApplyOutcome {
        let seen = clock.covers(revision.dot)
        siblings.removeAll { $0.dot != revision.dot && Self.supersedes(revision, $0) }
        clock.formUnion(revision.context)
        clock.add(revision.dot)
        if let i = siblings.firstIndex(where: { $0.dot == revision.dot }) {
            guard siblings[i] != revision, Self.keepsFirst(revision, over: siblings[i]) else { return .alreadyKnown }
            siblings[i] = revision
            return .added
        }
        if seen { return .obsolete }
        siblings.append(revision)
        siblings.sort(by: Self.dotOrder)
        return .added
    }

    /// True when `later` makes `earlier` (a revision with another dot)
    /// obsolete: its context covers `earlier`'s dot, or it is a later write of
    /// the same actor. In a normal history the second implies the first (a
    /// writer has seen its own earlier writes of the document); it matters
    /// after a restore that forgot writes, where a sibling must go whether the
    /// later counter arrives first (then the clock already covers the earlier
    /// one, which is obsolete on arrival) or second.
    static func supersedes(_ later: Revision, _ earlier: Revision) -> Bool {
        later.context.covers(earlier.dot)
            || (later.dot.actor == earlier.dot.actor && later.dot.counter > earlier.dot.counter)
    }

    /// The state that knows everything `self` and `other` know: the union of
    /// siblings minus those the other side's clock covers (the other side has
    /// seen them superseded), with the pointwise maximum of the clocks.
    package func merging(_ other: DocumentState) -> DocumentState {
        var kept: [Revision] = []
        for s in siblings where !other.clock.covers(s.dot) || other.siblings.contains(where: { $0.dot == s.dot }) {
            kept.append(s)
        }
        for s in other.siblings where !clock.covers(s.dot) || siblings.contains(where: { $0.dot == s.dot }) {
            kept.append(s)
        }
        var result = DocumentState()
        result.clock = clock.union(other.clock)
        result.siblings = Self.normalise(kept)
        return result
    }

    /// In-place `merging(_:)`.
    package mutating func merge(_ other: DocumentState) {
        self = merging(other)
    }

    /// Sorted by dot; one revision per dot (the canonical one); none
    /// superseded by another. Order-independent by construction.
    static func normalise(_ revisions: [Revision]) -> [Revision] {
        var byDot: [Dot: Revision] = [:]
        for r in revisions {
            if let held = byDot[r.dot], held == r || keepsFirst(held, over: r) { continue }
            byDot[r.dot] = r
        }
        let unique = Array(byDot.values)
        return unique.filter { r in !unique.contains { $0.dot != r.dot && supersedes($0, r) } }
            .sorted(by: dotOrder)
    }

    /// Between two different revisions with one dot: the one every node keeps
    /// (the store withdraws the other by the same rule). The earlier write
    /// keeps it, then the smaller whole-revision digest: a node restored from
    /// a backup writes later than what it forgot, so its new write is the
    /// one withdrawn, and it writes that again under a new epoch when it
    /// sees the original (`Store.reissue`), whereas the forgotten original,
    /// which only its peers hold, stays.
    package static func keepsFirst(_ a: Revision, over b: Revision) -> Bool {
        if a.timestamp != b.timestamp { return a.timestamp < b.timestamp }
        return ContentHash.ofRevision(a) < ContentHash.ofRevision(b)
    }

    static func dotOrder(_ a: Revision, _ b: Revision) -> Bool { a.dot < b.dot }
}
