/// Content that breaks a documented rule. Names the field and says what is
/// allowed, so that a person can fix the record.
package struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    package var field: String
    package var reason: String

    package init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    package var description: String { "field '\(field)': \(reason)" }
}
