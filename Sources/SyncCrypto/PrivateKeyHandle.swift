internal import COpenSSL

/// An OpenSSL Ed25519 private key (`EVP_PKEY`), made once per
/// `Ed25519PrivateKey` and freed with it. Building the key from its seed
/// derives the public key (a scalar multiplication, as costly as a
/// signature), so rebuilding it for every signature doubled signing time.
final class PrivateKeyHandle: @unchecked Sendable {
    // @unchecked Sendable: the EVP_PKEY is never modified after `init`.
    // OpenSSL 3 allows concurrent use of one key for signing as long as it is
    // not mutated (openssl-threads(7)): each signature takes its own
    // EVP_MD_CTX, the key's reference count is atomic, and its provider
    // export cache is filled under the key's own lock.
    let pkey: OpaquePointer

    /// - Throws: `CryptoError` if OpenSSL cannot load the seed.
    init(seed: [UInt8]) throws {
        guard let pkey = copenssl_EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nil, seed, seed.count) else {
            throw OpenSSL.failure("could not load an Ed25519 private key from its 32-byte seed", "EVP_PKEY_new_raw_private_key")
        }
        self.pkey = pkey
    }

    deinit { copenssl_EVP_PKEY_free(pkey) }
}
