internal import COpenSSL

/// Incremental SHA-256, for bodies that arrive in pieces.
///
/// Owns an OpenSSL digest context; not Sendable (one thread at a time).
package final class SHA256Hasher {
    private let ctx: OpaquePointer
    private var finished = false

    /// - Throws: `CryptoError` if OpenSSL cannot allocate or start the digest.
    package init() throws {
        guard let ctx = copenssl_EVP_MD_CTX_new() else {
            throw OpenSSL.failure("could not allocate a digest context (out of memory?)", "EVP_MD_CTX_new")
        }
        guard copenssl_EVP_DigestInit_ex(ctx, copenssl_EVP_sha256(), nil) == 1 else {
            copenssl_EVP_MD_CTX_free(ctx)
            throw OpenSSL.failure("could not start SHA-256", "EVP_DigestInit_ex")
        }
        self.ctx = ctx
    }

    deinit { copenssl_EVP_MD_CTX_free(ctx) }

    /// Adds bytes to the digest. Calling it after `finalize()` is a programmer error.
    package func update(_ bytes: [UInt8]) {
        precondition(!finished, "SHA256Hasher.update called after finalize")
        let rc = bytes.withUnsafeBytes { copenssl_EVP_DigestUpdate(ctx, $0.baseAddress, $0.count) }
        // Updating an initialised SHA-256 context over memory cannot fail.
        precondition(rc == 1, "EVP_DigestUpdate(SHA-256) failed: \(OpenSSL.drainErrors())")
    }

    /// The digest of everything added. Call once.
    package func finalize() -> [UInt8] {
        precondition(!finished, "SHA256Hasher.finalize called twice")
        finished = true
        var out = [UInt8](repeating: 0, count: 32)
        var len: UInt32 = 32
        let rc = copenssl_EVP_DigestFinal_ex(ctx, &out, &len)
        precondition(rc == 1 && len == 32, "EVP_DigestFinal_ex(SHA-256) failed: \(OpenSSL.drainErrors())")
        return out
    }
}

@available(*, unavailable)
extension SHA256Hasher: Sendable {}
