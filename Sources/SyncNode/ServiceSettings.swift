/// How `syncnode serve` answers peers.
public struct ServiceSettings: Sendable {
    /// The URL peers use to reach this node (`https://sync.birmingham.example:8443`).
    /// Signatures cover `@target-uri` rebuilt from it, never from `Host`.
    public var publicURL: String
    /// Let anyone pull (GET /v1/changes) without a peer signature.
    public var allowPublicPulls = false
    /// The largest page served (entries).
    public var maxPageEntries = 1000

    public init(publicURL: String) {
        var url = publicURL
        while url.hasSuffix("/") { url.removeLast() }
        self.publicURL = url
    }
}
