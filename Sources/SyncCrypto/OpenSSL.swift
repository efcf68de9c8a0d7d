internal import COpenSSL

/// The only place in SyncCrypto that touches OpenSSL pointers. Every call's
/// return code is checked here, and every handle is freed on every path.
enum OpenSSL {
    /// Loads libcrypto (once); nil when it is ready, else why not.
    static func loadProblem() -> String? {
        copenssl_load().map { "libcrypto could not be loaded (\(String(cString: $0))): install it (Debian: apt-get install libssl3) and try again" }
    }

    /// Drains OpenSSL's thread-local error queue into readable strings, so
    /// that one failure's errors never leak into the next call's report.
    static func drainErrors() -> [String] {
        if let problem = loadProblem() { return [problem] }
        var out: [String] = []
        for _ in 0..<16 {
            let e = copenssl_ERR_get_error()
            if e == 0 { break }
            var buf = [CChar](repeating: 0, count: 256)
            copenssl_ERR_error_string_n(e, &buf, buf.count)
            out.append(String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        copenssl_ERR_clear_error()
        return out
    }

    static func failure(_ code: CryptoError.Code, _ context: String, _ function: String) -> CryptoError {
        CryptoError(code, context, function: function, openSSLErrors: drainErrors())
    }

    static func failure(_ context: String, _ function: String) -> CryptoError {
        failure(.openSSLFailure, context, function)
    }

    /// Fills a buffer with cryptographically secure random bytes.
    static func randomBytes(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard copenssl_RAND_bytes(&out, Int32(count)) == 1 else {
            throw failure(.randomFailure, "could not generate \(count) random bytes; check the system entropy source", "RAND_bytes")
        }
        return out
    }

    /// The 32-byte public key of an Ed25519 key.
    static func rawPublicKey(_ pkey: OpaquePointer) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var len = 32
        guard copenssl_EVP_PKEY_get_raw_public_key(pkey, &out, &len) == 1, len == 32 else {
            throw failure("could not read the Ed25519 public key", "EVP_PKEY_get_raw_public_key")
        }
        return out
    }

    /// The 32-byte seed of an Ed25519 private key.
    static func rawPrivateKey(_ pkey: OpaquePointer) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var len = 32
        guard copenssl_EVP_PKEY_get_raw_private_key(pkey, &out, &len) == 1, len == 32 else {
            throw failure("could not read the Ed25519 private key seed", "EVP_PKEY_get_raw_private_key")
        }
        return out
    }

    /// Signs `message` (pure Ed25519, no pre-hash) with a fresh context.
    static func sign(_ message: [UInt8], with pkey: OpaquePointer) throws -> [UInt8] {
        guard let ctx = copenssl_EVP_MD_CTX_new() else {
            throw failure("could not allocate a signing context (out of memory?)", "EVP_MD_CTX_new")
        }
        defer { copenssl_EVP_MD_CTX_free(ctx) }
        guard copenssl_EVP_DigestSignInit(ctx, nil, nil, nil, pkey) == 1 else {
            throw failure("could not start an Ed25519 signature", "EVP_DigestSignInit")
        }
        var sig = [UInt8](repeating: 0, count: 64)
        var sigLen = 64
        let rc = message.withUnsafeBufferPointer { m in
            copenssl_EVP_DigestSign(ctx, &sig, &sigLen, m.baseAddress, m.count)
        }
        guard rc == 1, sigLen == 64 else {
            throw failure("could not sign \(message.count) bytes with Ed25519", "EVP_DigestSign")
        }
        return sig
    }

    /// Verifies an Ed25519 signature with a public key already made
    /// (`PublicKeyHandle`). A new EVP_MD_CTX per call: reusing one across
    /// keys makes OpenSSL 3.0 reject valid signatures silently. Any failure
    /// (bad signature, allocation) answers false.
    static func verify(_ signature: [UInt8], message: [UInt8], pkey: OpaquePointer) -> Bool {
        guard signature.count == 64 else { return false }
        guard let ctx = copenssl_EVP_MD_CTX_new() else { _ = drainErrors(); return false }
        defer { copenssl_EVP_MD_CTX_free(ctx) }
        guard copenssl_EVP_DigestVerifyInit(ctx, nil, nil, nil, pkey) == 1 else {
            _ = drainErrors()
            return false
        }
        let rc = message.withUnsafeBufferPointer { m in
            copenssl_EVP_DigestVerify(ctx, signature, signature.count, m.baseAddress, m.count)
        }
        if rc != 1 { _ = drainErrors() }
        return rc == 1
    }

    /// PKCS#8 PEM ("BEGIN PRIVATE KEY") of an Ed25519 key, unencrypted.
    static func pemPKCS8(_ pkey: OpaquePointer) throws -> String {
        guard let bio = copenssl_BIO_new(copenssl_BIO_s_mem()) else {
            throw failure("could not allocate a memory BIO (out of memory?)", "BIO_new")
        }
        defer { copenssl_BIO_free(bio) }
        guard copenssl_PEM_write_bio_PrivateKey(bio, pkey, nil, nil, 0, nil, nil) == 1 else {
            throw failure("could not write the private key as PKCS#8 PEM", "PEM_write_bio_PrivateKey")
        }
        var data: UnsafeMutablePointer<CChar>?
        let len = syncnode_BIO_get_mem_data(bio, &data)
        guard len > 0, let data else {
            throw failure("the PEM writer produced no output", "BIO_get_mem_data")
        }
        let bytes = UnsafeRawBufferPointer(start: data, count: len)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads a PEM private key and returns its Ed25519 seed: the usual
    /// form without OpenSSL's decoders (`Ed25519PKCS8`), any other through
    /// them.
    static func seed(fromPEM pem: String) throws -> [UInt8] {
        if let seed = Ed25519PKCS8.seed(fromPEM: pem) { return seed }
        return try seedThroughDecoder(fromPEM: pem)
    }

    /// Reads a PEM private key with OpenSSL's PEM reader and returns its
    /// Ed25519 seed.
    static func seedThroughDecoder(fromPEM pem: String) throws -> [UInt8] {
        let bytes = Array(pem.utf8)
        guard !bytes.isEmpty, bytes.count < Int(Int32.max) else {
            throw CryptoError(.invalidPEM, "the PEM text is empty; expected a PKCS#8 \"BEGIN PRIVATE KEY\" block")
        }
        return try bytes.withUnsafeBytes { buf in
            guard let bio = copenssl_BIO_new_mem_buf(buf.baseAddress, Int32(buf.count)) else {
                throw failure("could not allocate a memory BIO (out of memory?)", "BIO_new_mem_buf")
            }
            defer { copenssl_BIO_free(bio) }
            guard let pkey = copenssl_PEM_read_bio_PrivateKey(bio, nil, nil, nil) else {
                throw failure(.invalidPEM, "could not read a private key from the PEM text; expected an unencrypted PKCS#8 \"BEGIN PRIVATE KEY\" block", "PEM_read_bio_PrivateKey")
            }
            defer { copenssl_EVP_PKEY_free(pkey) }
            let type = copenssl_EVP_PKEY_get_id(pkey)
            guard type == EVP_PKEY_ED25519 else {
                _ = drainErrors()
                throw CryptoError(.wrongKeyType, "the PEM key is not Ed25519 (OpenSSL key type \(type)); generate one with `openssl genpkey -algorithm ed25519`")
            }
            return try rawPrivateKey(pkey)
        }
    }

    /// One-shot SHA-256.
    static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var len: UInt32 = 32
        let rc = copenssl_EVP_Digest(bytes.baseAddress, bytes.count, &out, &len, copenssl_EVP_sha256(), nil)
        // SHA-256 over memory cannot fail short of memory exhaustion or a
        // broken OpenSSL install; there is nothing a caller could do instead.
        precondition(rc == 1 && len == 32, "EVP_Digest(SHA-256) failed: \(drainErrors())")
        return out
    }
}
