import SyncCrypto

/// Who a node is: its name and its public key.
public struct NodeIdentity: Sendable, Equatable {
    public var name: String
    public var publicKey: Ed25519PublicKey
    /// This node's keys before rotations: its own older revisions, which
    /// peers may send back, were signed with them.
    public var previousKeys: [Ed25519PublicKey] = []

    public init(name: String, publicKey: Ed25519PublicKey, previousKeys: [Ed25519PublicKey] = []) {
        self.name = name
        self.publicKey = publicKey
        self.previousKeys = previousKeys
    }

    public var keyID: String { publicKey.keyID }
}
