import SyncCore
import SyncCrypto
import SyncProtocol

/// A peer's newer key, proven by the `key_history` of its `/v1/node` to
/// descend from the key this node trusts: each step signed by the key
/// before it. Adopting it needs no hand-edited peer file.
package struct PeerKeyAdoption: Sendable, Equatable {
    package let peer: String
    package let newKey: Ed25519PublicKey
    /// The trusted key and any keys between it and the new one, oldest
    /// first: they signed the peer's older revisions, so they stay trusted
    /// for those (as previous keys).
    package let retiredKeys: [Ed25519PublicKey]

    /// Walks `history` from `trusted` to `current`. Nil unless every step is
    /// there and signed by the key before it (a key the peer merely claims
    /// is never adopted).
    package static func follow(peer: String, trusted: Ed25519PublicKey, current: String,
                              history: [KeyHistoryEntry]) -> PeerKeyAdoption? {
        var key = trusted
        var retired: [Ed25519PublicKey] = []
        // Each step moves to a later entry, so the walk ends within history.count steps.
        for _ in 0..<history.count {
            guard let step = history.first(where: { $0.previousKey == key.base64url }),
                  let signature = Base64URL.decode(step.signedByPrevious),
                  key.isValidSignature(signature, for: step.signingBytes(node: peer)),
                  let next = try? Ed25519PublicKey(base64url: step.publicKey),
                  !retired.contains(next), next != trusted else { return nil }
            retired.append(key)
            key = next
            if key.base64url == current { return PeerKeyAdoption(peer: peer, newKey: key, retiredKeys: retired) }
        }
        return nil
    }

    /// The peer's settings with the new key, the retired keys kept as
    /// previous keys, everything else (URL, TLS, revoked keys) unchanged.
    package func applied(to config: PeerConfig) -> PeerConfig {
        var updated = config
        updated.publicKey = newKey
        for key in retiredKeys where !updated.previousKeys.contains(key) { updated.previousKeys.append(key) }
        updated.previousKeys.removeAll { $0 == newKey }
        return updated
    }
}
