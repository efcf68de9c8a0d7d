import SyncCore

/// RFC 9530 `Content-Digest` with SHA-256: `sha-256=:<base64>:`.
///
/// Every request and response in this protocol carries it, even for an
/// empty body, and the HTTP signature covers it: that is how the body is signed.
/// The hash is injected so that this module stays free of OpenSSL.
package enum ContentDigest {
    package static let headerName = "Content-Digest"
    package static let algorithm = "sha-256"

    /// The header value for `body`, e.g. `sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:` for an empty body.
    package static func header(for body: [UInt8], hash sha256: ([UInt8]) -> [UInt8]) -> String {
        header(sha256: sha256(body))
    }

    /// The header value for a body whose SHA-256 is `digest` (32 bytes).
    package static func header(sha256 digest: [UInt8]) -> String {
        "sha-256=:" + Base64URL.encodeStandard(digest) + ":"
    }

    /// The SHA-256 digest in a header value. Other algorithms may be present
    /// and are ignored; `sha-256` is required.
    /// - Throws: `SignatureError` (`.malformedHeader`, `.missingHeader`).
    package static func parse(_ value: String) throws(SignatureError) -> [UInt8] {
        guard value.utf8.count <= WireLimits.maxSignatureHeaderBytes else {
            throw SignatureError(.malformedHeader, "Content-Digest is longer than \(WireLimits.maxSignatureHeaderBytes) bytes")
        }
        let dict: StructuredField.Dictionary
        do { dict = try StructuredFieldParser.parseDictionary(value) } catch {
            throw SignatureError(.malformedHeader, "Content-Digest is not an RFC 8941 dictionary: \(error)")
        }
        guard let member = dict[algorithm] else {
            throw SignatureError(.malformedHeader, "Content-Digest has no sha-256 member (found: \(dict.keys.joined(separator: ", ")))")
        }
        guard case .item(let item) = member, case .byteSequence(let digest) = item.bareItem, digest.count == 32 else {
            throw SignatureError(.malformedHeader, "Content-Digest sha-256 must be a byte sequence of 32 bytes, like sha-256=:<base64>:")
        }
        return digest
    }

    /// Checks the header value against `body`.
    /// - Throws: `SignatureError` (`.digestMismatch` when the body differs).
    package static func verify(_ value: String, body: [UInt8], hash sha256: ([UInt8]) -> [UInt8]) throws(SignatureError) {
        let claimed = try parse(value)
        guard claimed == sha256(body) else {
            throw SignatureError(.digestMismatch, "Content-Digest does not match the \(body.count)-byte body (altered or truncated in transit?)")
        }
    }
}
