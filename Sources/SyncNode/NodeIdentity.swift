import SyncCrypto

/// Who a node is: its name and its public key.
public struct NodeIdentity: Sendable, Equatable {
    public var name: String
    public var publicKey: Ed25519PublicKey

    public var keyID: String { publicKey.keyID }
}
