/// Size bounds every node enforces on what it receives (and respects in what
/// it sends). They are part of the protocol: docs/protocol.md lists them.
package enum WireLimits {
    /// Largest request body a server reads (a change-set push).
    package static let maxRequestBodyBytes = 16 * 1024 * 1024
    /// Largest response body a client reads (a changes page); a server cuts
    /// its pages to fit. Small enough that `sync` with 4 peers at once stays
    /// under 100 MB even when every peer streams an endless body
    /// (docs/security.md has the measurements).
    package static let maxResponseBodyBytes = 8 * 1024 * 1024
    /// A generous bound on one revision as page JSON: the schema allows at
    /// most ~205 KB of content (docs/protocol.md), escaping may double it.
    package static let maxRevisionWireBytes = 512 * 1024

    /// The byte cap of a changes page of at most `limit` entries.
    package static func pageBodyCap(limit: Int) -> Int {
        min(maxResponseBodyBytes, 64 * 1024 + max(1, limit) * maxRevisionWireBytes)
    }
    /// Default and maximum `limit` of `GET /v1/changes`.
    package static let defaultPageLimit = 100
    package static let maxPageLimit = 1000
    /// Most revisions in one `POST /v1/changesets`.
    package static let maxRevisionsPerChangeSet = 1000
    /// Most entries in one context vector.
    package static let maxContextEntries = 1024
    /// Most content fields in one revision.
    package static let maxContentFields = 64
    /// Most items in one list field.
    package static let maxListItems = 256
    /// Longest content text, in UTF-8 bytes (the schema's limits are lower).
    package static let maxTextBytes = 1024 * 1024
    /// Longest identifier (document id, actor, author, field name), UTF-8 bytes.
    package static let maxIdentifierBytes = 200
    /// Deepest JSON nesting accepted.
    package static let maxJSONDepth = 32
    /// Longest `Signature-Input`, `Signature` or `Content-Digest` value.
    package static let maxSignatureHeaderBytes = 4096
    /// Longest error message in an error body.
    package static let maxErrorMessageBytes = 4096
}
