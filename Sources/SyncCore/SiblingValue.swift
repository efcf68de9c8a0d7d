/// One sibling's value for one field, as shown in a conflict.
public struct SiblingValue: Sendable, Hashable {
    public var dot: Dot
    /// nil when the field is absent (empty) in that sibling, or the sibling is a delete.
    public var value: FieldValue?
    /// True when the sibling is a delete (its value is then nil).
    public var tombstone: Bool

    public init(dot: Dot, value: FieldValue?, tombstone: Bool = false) {
        self.dot = dot
        self.value = value
        self.tombstone = tombstone
    }

    /// `actor:counter` of the sibling.
    public var revisionID: String { dot.description }
}
