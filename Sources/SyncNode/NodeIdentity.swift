import SyncCrypto
import SyncProtocol

/// Who a node is: its name and its public key.
package struct NodeIdentity: Sendable, Equatable {
    package var name: String
    package var publicKey: Ed25519PublicKey
    /// This node's keys before rotations: its own older revisions, which
    /// peers may send back, were signed with them.
    package var previousKeys: [Ed25519PublicKey] = []
    /// Rotations made by `rotate-key`, oldest first, each signed by the key
    /// it replaced: published on `/v1/node` so peers adopt the new key.
    package var keyHistory: [KeyHistoryEntry] = []

    package init(name: String, publicKey: Ed25519PublicKey, previousKeys: [Ed25519PublicKey] = [],
                keyHistory: [KeyHistoryEntry] = []) {
        self.name = name
        self.publicKey = publicKey
        self.previousKeys = previousKeys
        self.keyHistory = keyHistory
    }

    package var keyID: String { publicKey.keyID }
}
