/// Content that breaks a documented rule. Names the field and says what is
/// allowed, so that a person can fix the record.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "field '\(field)': \(reason)" }
}
