/// A signature that passed every check except the Ed25519 verification
/// itself (`HTTPSignatureVerifier.prepare`), or all of them (`verify`).
package struct VerifiedSignature: Sendable, Hashable {
    package var label: String
    /// The signer's node name: look its public key up among trusted peers.
    package var keyID: String
    package var created: Int64
    package var expires: Int64
    package var nonce: String?
    /// The exact bytes the signature covers.
    package var signatureBase: [UInt8]
    /// The 64-byte Ed25519 signature.
    package var signature: [UInt8]
}
