/// One field that differs between a document's siblings (or between them and
/// their common base), for conflict review.
package struct FieldDifference: Sendable, Hashable {
    package var field: String
    /// The common base's value (nil when empty there or there is no live base).
    package var base: FieldValue?
    /// What the merged view shows now.
    package var shown: FieldValue?
    /// Every sibling's value, sorted by dot; deletes are listed with `tombstone` set.
    package var values: [SiblingValue]
    /// True when the merge could not decide this field (the view shows the
    /// base, or the winner's value when there is no base).
    package var conflict: Bool
    /// True when one of the siblings is a delete concurrent with an edit.
    package var deleteVsEdit: Bool

    package init(field: String, base: FieldValue?, shown: FieldValue?, values: [SiblingValue],
                conflict: Bool, deleteVsEdit: Bool) {
        self.field = field
        self.base = base
        self.shown = shown
        self.values = values
        self.conflict = conflict
        self.deleteVsEdit = deleteVsEdit
    }
}
