/// Why an HTTP message signature or content digest was refused.
///
/// The server answers 401 `unauthenticated` (or `replayed`) with this
/// description as the message, so the peer's operator learns what to fix.
public struct SignatureError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A required header (`Signature-Input`, `Signature`, `Content-Digest`) is absent.
        public static let missingHeader = Code("missing_header")
        /// A header is not valid RFC 8941 syntax, or not the expected shape.
        public static let malformedHeader = Code("malformed_header")
        /// `Signature-Input` and `Signature` do not hold the same label.
        public static let missingSignature = Code("missing_signature")
        /// A required signature parameter is absent or of the wrong type.
        public static let invalidParameter = Code("invalid_parameter")
        /// `alg` is not `ed25519`.
        public static let unsupportedAlgorithm = Code("unsupported_algorithm")
        /// The signature does not cover a component the profile requires.
        public static let missingComponent = Code("missing_component")
        /// A covered component this implementation cannot compute, or one
        /// that is absent from the message.
        public static let unsupportedComponent = Code("unsupported_component")
        /// `created` is in the future (beyond the allowed clock skew).
        public static let notYetValid = Code("not_yet_valid")
        /// `expires` has passed.
        public static let expired = Code("expired")
        /// `expires - created` is longer than the profile allows.
        public static let validityTooLong = Code("validity_too_long")
        /// `Content-Digest` does not match the body.
        public static let digestMismatch = Code("digest_mismatch")
        /// The Ed25519 signature does not verify (or the key is unknown).
        public static let invalidSignature = Code("invalid_signature")
        /// The same signature was seen before, within its validity.
        public static let replayed = Code("replayed")
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
