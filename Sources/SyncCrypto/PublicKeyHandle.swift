internal import COpenSSL
import Synchronization

/// The OpenSSL key (`EVP_PKEY`) of an `Ed25519PublicKey`, made on its first
/// verification and kept with it: a pull checks every revision of an author
/// with the same key, and making the key for each check cost about 4 of a
/// verification's 66 µs (OpenSSL 3.0, this machine). Made lazily, not with
/// the key: many keys are parsed (peer files, JSON) and never verify
/// anything, and libcrypto is loaded only when first used.
final class PublicKeyHandle: Sendable {
    /// nil until made; `.failed` when OpenSSL refused the bytes (each call
    /// then goes the slow way and reports false, as before).
    private enum State { case none, made(OpenSSLKey), failed }

    /// @unchecked Sendable: the EVP_PKEY is never modified after it is made;
    /// OpenSSL 3 allows concurrent verifications with one key, each with
    /// its own EVP_MD_CTX (openssl-threads(7); see PrivateKeyHandle).
    struct OpenSSLKey: @unchecked Sendable { let pkey: OpaquePointer }

    private let state = Mutex<State>(.none)

    init() {}

    /// The key for `raw`, made on first use; nil if OpenSSL refuses it.
    func pkey(raw: [UInt8]) -> OpaquePointer? {
        state.withLock { state in
            switch state {
            case .made(let key): return key.pkey
            case .failed: return nil
            case .none:
                guard let pkey = copenssl_EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nil, raw, raw.count) else {
                    _ = OpenSSL.drainErrors()
                    state = .failed
                    return nil
                }
                state = .made(OpenSSLKey(pkey: pkey))
                return pkey
            }
        }
    }

    deinit {
        if case .made(let key) = state.withLock({ $0 }) { copenssl_EVP_PKEY_free(key.pkey) }
    }
}
