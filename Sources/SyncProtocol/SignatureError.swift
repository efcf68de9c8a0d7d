/// Why an HTTP message signature or content digest was refused.
///
/// The server answers 401 `unauthenticated` (or `replayed`) with this
/// description as the message, so the peer's operator learns what to fix.
package struct SignatureError: Error, Sendable, Hashable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String
        package init(_ rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }

        /// A required header (`Signature-Input`, `Signature`, `Content-Digest`) is absent.
        package static let missingHeader = Code("missing_header")
        /// A header is not valid RFC 8941 syntax, or not the expected shape.
        package static let malformedHeader = Code("malformed_header")
        /// `Signature-Input` and `Signature` do not hold the same label.
        package static let missingSignature = Code("missing_signature")
        /// A required signature parameter is absent or of the wrong type.
        package static let invalidParameter = Code("invalid_parameter")
        /// `alg` is not `ed25519`.
        package static let unsupportedAlgorithm = Code("unsupported_algorithm")
        /// The signature does not cover a component the profile requires.
        package static let missingComponent = Code("missing_component")
        /// A covered component this implementation cannot compute, or one
        /// that is absent from the message.
        package static let unsupportedComponent = Code("unsupported_component")
        /// `created` is in the future (beyond the allowed clock skew).
        package static let notYetValid = Code("not_yet_valid")
        /// `expires` has passed.
        package static let expired = Code("expired")
        /// `expires - created` is longer than the profile allows.
        package static let validityTooLong = Code("validity_too_long")
        /// `Content-Digest` does not match the body.
        package static let digestMismatch = Code("digest_mismatch")
        /// The Ed25519 signature does not verify (or the key is unknown).
        package static let invalidSignature = Code("invalid_signature")
        /// The same signature was seen before, within its validity.
        package static let replayed = Code("replayed")
    }

    package var code: Code
    package var message: String

    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { "\(code): \(message)" }
}
