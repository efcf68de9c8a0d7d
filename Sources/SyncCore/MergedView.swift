/// What a node shows for a document: derived from the current siblings (and
/// their common base), never written back as a revision. Every node that
/// holds the same siblings and history computes the same view, whatever the
/// order it received them in; only `skewed` depends on the local clock.
package struct MergedView: Sendable, Hashable {
    package var documentID: String
    package var kind: DocumentKind
    /// The merged content: the field-level merge of the live siblings.
    package var content: Content
    /// True when every sibling is a delete: the document is shown as deleted.
    package var tombstone: Bool
    /// The sibling shown first (see `MergeRules.winner(_:)`).
    package var winner: Revision
    /// All current siblings, sorted by dot.
    package var siblings: [Revision]
    /// What the fields were merged against, if anything: one revision, or a
    /// virtual base after a criss-cross (see `MergeBase`).
    package var mergeBase: MergeBase?
    /// Fields that could not be merged, sorted by field name.
    package var conflicts: [FieldConflict]
    /// True when a delete is concurrent with a live edit (the edit is shown).
    package var deleteConflict: Bool
    /// Siblings whose timestamp is further ahead of the local clock than the
    /// allowed skew, sorted: flagged for the reader, never used for causality.
    package var skewed: [Dot]

    package init(documentID: String, kind: DocumentKind, content: Content, tombstone: Bool, winner: Revision,
                siblings: [Revision], mergeBase: MergeBase?, conflicts: [FieldConflict], deleteConflict: Bool,
                skewed: [Dot]) {
        self.documentID = documentID
        self.kind = kind
        self.content = content
        self.tombstone = tombstone
        self.winner = winner
        self.siblings = siblings
        self.mergeBase = mergeBase
        self.conflicts = conflicts
        self.deleteConflict = deleteConflict
        self.skewed = skewed
    }

    /// The common base when it is a single revision; nil when there is none
    /// or it is virtual.
    package var base: Revision? { mergeBase?.revision }

    /// True when someone should resolve the document: a field conflict or a delete-vs-edit.
    package var needsResolution: Bool { !conflicts.isEmpty || deleteConflict }

    /// The number of different versions among the siblings (identical
    /// concurrent edits, same delete flag and same content, count once).
    package var distinctVersionCount: Int {
        Set(siblings.map { ContentKey(tombstone: $0.tombstone, content: $0.content) }).count
    }
}

