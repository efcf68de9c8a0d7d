/// This protocol's RFC 9421 profile: which components are covered, which
/// parameters are required, and the time window. docs/protocol.md
/// ("HTTP message signatures") states the same rules for other implementers.
package struct SignatureProfile: Sendable, Hashable {
    /// Covered components, in the order the signer lists them.
    package var components: [StructuredField.Item]
    /// Whether `nonce` is required (requests: yes, it makes each signature
    /// unique so that the replay cache can refuse exact repeats).
    package var requiresNonce: Bool
    /// The label the signer uses and the verifier prefers.
    package var label = "sig1"
    /// The only algorithm accepted.
    package var algorithm = "ed25519"
    /// Lifetime the signer gives a signature (`expires - created`).
    package var validitySeconds: Int64 = 60
    /// Longest `expires - created` a verifier accepts.
    package var maxValiditySeconds: Int64 = 300
    /// Clock difference tolerated on both `created` and `expires`.
    package var maxClockSkewSeconds: Int64 = 60

    /// Requests: `("@method" "@target-uri" "content-digest")` with
    /// `created`, `expires`, `nonce`, `keyid`, `alg`.
    package static let request = SignatureProfile(
        components: [.init(.string("@method")), .init(.string("@target-uri")), .init(.string("content-digest"))],
        requiresNonce: true)

    /// Responses: `("@status" "content-digest" "@target-uri";req)` with
    /// `created`, `expires`, `keyid`, `alg` (a nonce is allowed, not required).
    package static let response = SignatureProfile(
        components: [.init(.string("@status")), .init(.string("content-digest")),
                     .init(.string("@target-uri"), .init([("req", .boolean(true))]))],
        requiresNonce: false)
}
