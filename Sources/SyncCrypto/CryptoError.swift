/// A failure in key handling, signing or hashing.
///
/// `code` says what kind of failure it was (extensible: new codes break no
/// caller); `context` says what we were doing and, for OpenSSL failures,
/// which function failed and what OpenSSL's error queue said.
package struct CryptoError: Error, Sendable, Hashable, CustomStringConvertible {
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String
        package init(_ rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }

        /// A raw key or seed of the wrong size.
        package static let invalidKeyLength = Code("invalid key length")
        /// Text that is not valid base64url.
        package static let invalidEncoding = Code("invalid encoding")
        /// PEM text OpenSSL could not read.
        package static let invalidPEM = Code("invalid PEM")
        /// A readable key of another algorithm (RSA, EC, ...).
        package static let wrongKeyType = Code("wrong key type")
        /// The random number generator failed.
        package static let randomFailure = Code("random generator failure")
        /// Any other OpenSSL call that reported an error.
        package static let openSSLFailure = Code("OpenSSL failure")
    }

    package var code: Code
    /// What we were doing, and what to do next.
    package var context: String
    /// The OpenSSL function that failed, if any.
    package var function: String?
    /// OpenSSL's error queue at the time of failure (may be empty).
    package var openSSLErrors: [String]

    package init(_ code: Code, _ context: String, function: String? = nil, openSSLErrors: [String] = []) {
        self.code = code
        self.context = context
        self.function = function
        self.openSSLErrors = openSSLErrors
    }

    package var description: String {
        var s = "crypto error (\(code)): \(context)"
        if let function { s += " - \(function) failed" }
        if !openSSLErrors.isEmpty { s += " [" + openSSLErrors.joined(separator: "; ") + "]" }
        return s
    }
}
