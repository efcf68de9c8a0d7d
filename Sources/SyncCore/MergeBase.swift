/// What concurrent siblings are merged against: their common base.
///
/// Usually this is one revision, the latest one every sibling descends from.
/// After a criss-cross (two nodes each merged or resolved the same concurrent
/// revisions, then forked again) there are several such latest revisions, and
/// picking one of them would favour the side whose edit it is: that side's
/// later choice would look like "no change" and silently win. So, as git's
/// recursive merge does, the base is then *virtual*: the merge of those
/// ancestors (against their own common base, recursively). A field the
/// ancestors left in conflict is `undecided`: every sibling's value for it
/// counts as a change, so two different choices conflict again and two
/// identical ones agree.
package struct MergeBase: Sendable, Hashable {
    /// The maximal common ancestors, sorted by dot: one for an ordinary merge,
    /// several for a virtual base.
    package var ancestors: [Revision]
    /// The content fields are merged against; nil when the base is a delete
    /// (or every ancestor of a virtual base is one), which counts as no base.
    /// For a virtual base, an undecided field holds what the ancestors' merge
    /// showed for it.
    package var content: Content?
    /// Fields the ancestors' merge left in conflict (empty for a single base).
    package var undecided: Set<String>

    package init(ancestors: [Revision], content: Content?, undecided: Set<String>) {
        self.ancestors = ancestors
        self.content = content
        self.undecided = undecided
    }

    /// A base that is a single revision.
    package init(_ revision: Revision) {
        self.init(ancestors: [revision], content: revision.tombstone ? nil : revision.content, undecided: [])
    }

    /// The base revision when there is exactly one; nil for a virtual base.
    package var revision: Revision? { ancestors.count == 1 ? ancestors[0] : nil }

    /// True when the base is the merge of several ancestors.
    package var isVirtual: Bool { ancestors.count > 1 }

    /// How reports name the base: the revision id (`singapore:7`), or for a
    /// virtual base the ancestors' ids joined by `+` (`alpha:2+beta:1`).
    package var id: String { ancestors.map(\.revisionID).joined(separator: "+") }
}
