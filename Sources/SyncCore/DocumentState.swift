/// What one node knows of one document: the current concurrent revisions
/// (siblings) and the clock of every write event it has seen of it.
///
/// This is a dotted-version-vector set: a revision is obsolete once some
/// known revision's context covers its dot, and the clock (the union of all
/// seen dots and contexts) remembers that even after the revision is dropped,
/// so a late or duplicate copy never comes back. Clocks are never pruned.
/// `merging(_:)` is commutative, associative and idempotent, so nodes that
/// exchange revisions in any order, with duplicates, converge.
public struct DocumentState: Sendable, Hashable {
    /// Current siblings, sorted by dot. More than one means a conflict.
    public private(set) var siblings: [Revision]
    /// Every write event seen of this document (dots and contexts).
    public private(set) var clock: VersionVector

    public init() {
        siblings = []
        clock = VersionVector()
    }

    /// Rebuilds a state from stored siblings and clock (e.g. by the store).
    /// Normalises it: the clock is widened to cover the siblings, and any
    /// sibling covered by another sibling's context is dropped.
    public init(siblings: [Revision], clock: VersionVector) {
        var candidates = clock
        for s in siblings {
            candidates.formUnion(s.context)
            candidates.add(s.dot)
        }
        self.clock = candidates
        self.siblings = Self.normalise(siblings)
    }

    /// True when the document has concurrent revisions.
    public var hasSiblings: Bool { siblings.count > 1 }

    /// True when the clock covers `dot`: a revision with it is known or superseded.
    public func covers(_ dot: Dot) -> Bool { clock.covers(dot) }

    /// Folds one revision into the state.
    ///
    /// Two different revisions claiming the same dot (a restored node that
    /// reused a counter) cannot both be kept; while both are current siblings
    /// the state keeps the one with the smaller whole-revision digest, so
    /// that every node keeps the same one. The store should refuse such a
    /// revision before it gets here; see `ActorEpoch`.
    @discardableResult
    public mutating func apply(_ revision: Revision) -> ApplyOutcome {
        if clock.covers(revision.dot) {
            guard let i = siblings.firstIndex(where: { $0.dot == revision.dot }) else { return .obsolete }
            if siblings[i] == revision || !Self.keepsFirst(revision, over: siblings[i]) { return .alreadyKnown }
            siblings[i] = revision
            clock.formUnion(revision.context)
            siblings = Self.normalise(siblings)
            return siblings.contains(revision) ? .added : .alreadyKnown
        }
        siblings.removeAll { revision.context.covers($0.dot) }
        siblings.append(revision)
        siblings.sort(by: Self.dotOrder)
        clock.formUnion(revision.context)
        clock.add(revision.dot)
        return .added
    }

    /// The state that knows everything `self` and `other` know: the union of
    /// siblings minus those the other side's clock covers (the other side has
    /// seen them superseded), with the pointwise maximum of the clocks.
    public func merging(_ other: DocumentState) -> DocumentState {
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
    public mutating func merge(_ other: DocumentState) {
        self = merging(other)
    }

    /// Sorted by dot; one revision per dot (the canonical one); none covered
    /// by another's context. Order-independent by construction.
    static func normalise(_ revisions: [Revision]) -> [Revision] {
        var byDot: [Dot: Revision] = [:]
        for r in revisions {
            if let held = byDot[r.dot], held == r || keepsFirst(held, over: r) { continue }
            byDot[r.dot] = r
        }
        let unique = Array(byDot.values)
        return unique.filter { r in !unique.contains { $0.dot != r.dot && $0.context.covers(r.dot) } }
            .sorted(by: dotOrder)
    }

    /// Between two different revisions with one dot: the one every node keeps.
    static func keepsFirst(_ a: Revision, over b: Revision) -> Bool {
        ContentHash.ofRevision(a) < ContentHash.ofRevision(b)
    }

    static func dotOrder(_ a: Revision, _ b: Revision) -> Bool { a.dot < b.dot }
}
