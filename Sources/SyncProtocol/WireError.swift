/// Input from a peer that is not a valid protocol message.
///
/// `field` is the path of the offending value (`revisions[3].revision.counter`;
/// empty for the document as a whole) so that the peer's operator can find it.
public struct WireError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Not JSON at all (syntax, encoding, nesting).
        public static let malformedJSON = Code("malformed_json")
        /// A required member is absent.
        public static let missingField = Code("missing_field")
        /// A member has the wrong JSON type.
        public static let wrongType = Code("wrong_type")
        /// A member has the right type but a value the protocol forbids.
        public static let invalidValue = Code("invalid_value")
        /// The message or one of its parts exceeds a `WireLimits` bound.
        public static let tooLarge = Code("too_large")
    }

    public var code: Code
    public var field: String
    public var message: String

    public init(_ code: Code, field: String, _ message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    public var description: String {
        field.isEmpty ? "\(code): \(message)" : "\(code) in field '\(field)': \(message)"
    }
}
