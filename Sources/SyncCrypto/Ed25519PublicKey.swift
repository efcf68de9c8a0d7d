import SyncCore

/// An Ed25519 public key: 32 raw bytes (RFC 8032). Equal and hashed by
/// its bytes; copies share the OpenSSL key made on the first verification.
package struct Ed25519PublicKey: Sendable, Hashable, CustomStringConvertible {
    package let raw: [UInt8]
    private let handle = PublicKeyHandle()

    /// - Throws: `CryptoError.Code.invalidKeyLength` unless `raw` is 32 bytes.
    package init(raw: [UInt8]) throws {
        guard raw.count == 32 else {
            throw CryptoError(.invalidKeyLength, "an Ed25519 public key is 32 bytes, got \(raw.count)")
        }
        self.raw = raw
    }

    package static func == (a: Ed25519PublicKey, b: Ed25519PublicKey) -> Bool { a.raw == b.raw }
    package func hash(into hasher: inout Hasher) { hasher.combine(raw) }

    /// The form used in JSON (`public_key`) and in peer configuration.
    /// - Throws: `CryptoError` if the text is not base64url of 32 bytes.
    package init(base64url: String) throws {
        guard let bytes = Base64URL.decode(base64url) else {
            throw CryptoError(.invalidEncoding, "the public key \"\(base64url.prefix(60))\" is not base64url without padding")
        }
        try self.init(raw: bytes)
    }

    /// Base64url of the 32 raw bytes, no padding (43 characters).
    package var base64url: String { Base64URL.encode(raw) }

    /// A short, stable fingerprint for logs and for checking a key by eye:
    /// `"sha256:"` + lowercase hex of the first 16 bytes of SHA-256(raw),
    /// 39 characters in all.
    package var keyID: String {
        "sha256:" + Hex.encode(Array(SHA256.hash(raw).prefix(16)))
    }

    package var description: String { "Ed25519PublicKey(\(keyID))" }

    /// True only if `signature` is a valid Ed25519 signature of `message` by
    /// this key. Safe to call from many threads at once: each call uses its
    /// own OpenSSL context (reusing one across keys is the OpenSSL 3.0 trap
    /// in OpenSSL.verify), with the key's one `EVP_PKEY`.
    package func isValidSignature(_ signature: [UInt8], for message: [UInt8]) -> Bool {
        handle.verify(signature, message: message, raw: raw)
    }
}
