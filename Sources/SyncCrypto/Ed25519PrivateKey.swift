/// An Ed25519 private key, held as its 32-byte seed (RFC 8032 "secret key").
///
/// Writing it to disk with mode 0600 is the caller's job.
package struct Ed25519PrivateKey: Sendable {
    private let seed: [UInt8]
    /// The OpenSSL key, made once: signing reuses it.
    private let handle: PrivateKeyHandle
    /// Derived once at creation, so reading it cannot fail.
    package let publicKey: Ed25519PublicKey

    /// A new key from OpenSSL's random generator.
    package static func generate() throws -> Ed25519PrivateKey {
        try Ed25519PrivateKey(seed: OpenSSL.randomBytes(32))
    }

    /// - Throws: `CryptoError.Code.invalidKeyLength` unless `seed` is 32 bytes.
    package init(seed: [UInt8]) throws {
        guard seed.count == 32 else {
            throw CryptoError(.invalidKeyLength, "an Ed25519 seed is 32 bytes, got \(seed.count)")
        }
        let handle = try PrivateKeyHandle(seed: seed)
        let raw = try OpenSSL.rawPublicKey(handle.pkey)
        self.seed = seed
        self.handle = handle
        self.publicKey = try Ed25519PublicKey(raw: raw)
    }

    /// Reads an unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), as
    /// written by `pemPKCS8()` or `openssl genpkey -algorithm ed25519`.
    /// - Throws: `CryptoError` with `.invalidPEM` or `.wrongKeyType`.
    package init(pem: String) throws {
        try self.init(seed: OpenSSL.seed(fromPEM: pem))
    }

    /// The key as unencrypted PKCS#8 PEM text.
    package func pemPKCS8() throws -> String {
        try OpenSSL.pemPKCS8(handle.pkey)
    }

    /// The 64-byte Ed25519 signature of `message` (deterministic). Safe to
    /// call from several threads at once (each call has its own context).
    package func sign(_ message: [UInt8]) throws -> [UInt8] {
        try OpenSSL.sign(message, with: handle.pkey)
    }

    /// The raw seed, for tests and key export; handle with care.
    package var seedBytes: [UInt8] { seed }
}

extension Ed25519PrivateKey: CustomStringConvertible {
    /// Never prints the secret.
    package var description: String { "Ed25519PrivateKey(public: \(publicKey.keyID))" }
}
