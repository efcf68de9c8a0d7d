/// Input from a peer that is not a valid protocol message.
///
/// `field` is the path of the offending value (`revisions[3].revision.counter`;
/// empty for the document as a whole) so that the peer's operator can find it.
package struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String
        package init(_ rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }

        /// Not JSON at all (syntax, encoding, nesting).
        package static let malformedJSON = Code("malformed_json")
        /// A required member is absent.
        package static let missingField = Code("missing_field")
        /// A member has the wrong JSON type.
        package static let wrongType = Code("wrong_type")
        /// A member has the right type but a value the protocol forbids.
        package static let invalidValue = Code("invalid_value")
        /// The message or one of its parts exceeds a `WireLimits` bound.
        package static let tooLarge = Code("too_large")
    }

    package var code: Code
    package var field: String
    package var message: String

    package init(_ code: Code, field: String, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    package var description: String {
        field.isEmpty ? "\(code): \(message)" : "\(code) in field '\(field)': \(message)"
    }
}
