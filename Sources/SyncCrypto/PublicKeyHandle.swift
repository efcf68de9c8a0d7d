internal import COpenSSL
import Synchronization

/// The OpenSSL key (`EVP_PKEY`) of an `Ed25519PublicKey`, made on its first
/// verification and kept with it: a pull checks every revision of an author
/// with the same key, and making the key for each check cost about 4 of a
/// verification's 66 µs (OpenSSL 3.0, this machine). Made lazily, not with
/// the key: many keys are parsed (peer files, JSON) and never verify
/// anything, and libcrypto is loaded only when first used.
final class PublicKeyHandle: Sendable {
    /// `.none` until the first verification; `.failed` when OpenSSL refused
    /// the bytes (every verification then answers false, as it did when
    /// each one made its own key).
    private enum State { case none, made(OpenSSLKey), failed }

    /// @unchecked Sendable: the EVP_PKEY is never modified after it is made;
    /// OpenSSL 3 allows concurrent verifications with one key, each with
    /// its own EVP_MD_CTX (openssl-threads(7); see PrivateKeyHandle).
    struct OpenSSLKey: @unchecked Sendable { let pkey: OpaquePointer }

    private let state = Mutex<State>(.none)

    init() {}

    /// Whether `signature` is a valid signature of `message` by the key
    /// `raw` (the bytes this handle belongs to). The key is used while this
    /// handle, which frees it, is alive: the pointer never leaves it.
    func verify(_ signature: [UInt8], message: [UInt8], raw: [UInt8]) -> Bool {
        guard let pkey = pkey(raw: raw) else { return false }
        return OpenSSL.verify(signature, message: message, pkey: pkey)
    }

    /// The key for `raw`, made on first use; nil if OpenSSL refuses it.
    private func pkey(raw: [UInt8]) -> OpaquePointer? {
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
