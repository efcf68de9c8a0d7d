import SyncCrypto
import SyncProtocol

/// Who a node is: its name and its public key.
public struct NodeIdentity: Sendable, Equatable {
    public var name: String
    public var publicKey: Ed25519PublicKey
    /// This node's keys before rotations: its own older revisions, which
    /// peers may send back, were signed with them.
    public var previousKeys: [Ed25519PublicKey] = []
    /// Rotations made by `rotate-key`, oldest first, each signed by the key
    /// it replaced: published on `/v1/node` so peers adopt the new key.
    public var keyHistory: [KeyHistoryEntry] = []

    public init(name: String, publicKey: Ed25519PublicKey, previousKeys: [Ed25519PublicKey] = [],
                keyHistory: [KeyHistoryEntry] = []) {
        self.name = name
        self.publicKey = publicKey
        self.previousKeys = previousKeys
        self.keyHistory = keyHistory
    }

    public var keyID: String { publicKey.keyID }
}
