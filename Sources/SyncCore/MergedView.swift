/// What a node shows for a document: derived from the current siblings (and
/// their common base), never written back as a revision. Every node that
/// holds the same siblings and history computes the same view, whatever the
/// order it received them in; only `skewed` depends on the local clock.
public struct MergedView: Sendable, Hashable {
    public var documentID: String
    public var kind: DocumentKind
    /// The merged content: the field-level merge of the live siblings.
    public var content: Content
    /// True when every sibling is a delete: the document is shown as deleted.
    public var tombstone: Bool
    /// The sibling shown first (see `MergeRules.winner(_:)`).
    public var winner: Revision
    /// All current siblings, sorted by dot.
    public var siblings: [Revision]
    /// What the fields were merged against, if anything: one revision, or a
    /// virtual base after a criss-cross (see `MergeBase`).
    public var mergeBase: MergeBase?
    /// Fields that could not be merged, sorted by field name.
    public var conflicts: [FieldConflict]
    /// True when a delete is concurrent with a live edit (the edit is shown).
    public var deleteConflict: Bool
    /// Siblings whose timestamp is further ahead of the local clock than the
    /// allowed skew, sorted: flagged for the reader, never used for causality.
    public var skewed: [Dot]

    public init(documentID: String, kind: DocumentKind, content: Content, tombstone: Bool, winner: Revision,
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
    public var base: Revision? { mergeBase?.revision }

    /// True when someone should resolve the document: a field conflict or a delete-vs-edit.
    public var needsResolution: Bool { !conflicts.isEmpty || deleteConflict }

    /// The number of different versions among the siblings (identical
    /// concurrent edits, same delete flag and same content, count once).
    public var distinctVersionCount: Int {
        Set(siblings.map { ContentKey(tombstone: $0.tombstone, content: $0.content) }).count
    }
}

