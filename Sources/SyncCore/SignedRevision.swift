/// A revision together with its author's Ed25519 signature over
/// `CanonicalEncoding.signingBytes(of:)`. Stored as received, so that a node
/// can relay another city's revision and it still verifies against the author's key.
package struct SignedRevision: Sendable, Hashable {
    package var revision: Revision
    package var signature: [UInt8]

    package init(revision: Revision, signature: [UInt8]) {
        self.revision = revision
        self.signature = signature
    }
}
