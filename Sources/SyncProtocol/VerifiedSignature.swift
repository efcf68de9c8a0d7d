/// A signature that passed every check except the Ed25519 verification
/// itself (`HTTPSignatureVerifier.prepare`), or all of them (`verify`).
public struct VerifiedSignature: Sendable, Hashable {
    public var label: String
    /// The signer's node name: look its public key up among trusted peers.
    public var keyID: String
    public var created: Int64
    public var expires: Int64
    public var nonce: String?
    /// The exact bytes the signature covers.
    public var signatureBase: [UInt8]
    /// The 64-byte Ed25519 signature.
    public var signature: [UInt8]
}
