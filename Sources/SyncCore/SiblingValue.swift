/// One sibling's value for one field, as shown in a conflict.
package struct SiblingValue: Sendable, Hashable {
    package var dot: Dot
    /// nil when the field is absent (empty) in that sibling, or the sibling is a delete.
    package var value: FieldValue?
    /// True when the sibling is a delete (its value is then nil).
    package var tombstone: Bool

    package init(dot: Dot, value: FieldValue?, tombstone: Bool = false) {
        self.dot = dot
        self.value = value
        self.tombstone = tombstone
    }

    /// `actor:counter` of the sibling.
    package var revisionID: String { dot.description }
}
