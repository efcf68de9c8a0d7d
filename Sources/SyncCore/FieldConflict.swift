/// A field the concurrent siblings changed in different ways, so no value
/// could be chosen automatically. The view shows `base` (or the winner's
/// value when there is no common base) until someone resolves it.
package struct FieldConflict: Sendable, Hashable {
    package var field: String
    /// The common base's value: nil when the field was empty there or there is no base.
    package var base: FieldValue?
    /// Every live sibling's value, sorted by dot.
    package var values: [SiblingValue]

    package init(field: String, base: FieldValue?, values: [SiblingValue]) {
        self.field = field
        self.base = base
        self.values = values
    }
}
