/// A revision together with its author's Ed25519 signature over
/// `CanonicalEncoding.signingBytes(of:)`. Stored as received, so that a node
/// can relay another city's revision and it still verifies against the author's key.
public struct SignedRevision: Sendable, Hashable {
    public var revision: Revision
    public var signature: [UInt8]

    public init(revision: Revision, signature: [UInt8]) {
        self.revision = revision
        self.signature = signature
    }
}
