import SyncCrypto
import SyncProtocol

/// The RFC 9421 signer of a node: its name as `keyid`, its Ed25519 key,
/// SHA-256 for Content-Digest. One definition for the server's responses
/// and the client's requests.
enum NodeSigner {
    static func make(name: String, key: Ed25519PrivateKey) -> HTTPSignatureSigner {
        HTTPSignatureSigner(keyID: name, sign: { try key.sign($0) }, sha256: { SHA256.hash($0) })
    }

    /// The server's signer: an equal signature base (the same page to
    /// several peers within a second) is signed once (`SignatureMemo`).
    static func makeForResponses(name: String, key: Ed25519PrivateKey) -> HTTPSignatureSigner {
        let memo = SignatureMemo()
        return HTTPSignatureSigner(keyID: name, sign: { base in try memo.signature(of: base) { try key.sign($0) } },
                                   sha256: { SHA256.hash($0) })
    }
}
