/// How `syncnode serve` answers peers.
package struct ServiceSettings: Sendable {
    /// The URL peers use to reach this node (`https://sync.birmingham.example:8443`).
    /// Signatures cover `@target-uri` rebuilt from it, never from `Host`.
    package var publicURL: String
    /// Let anyone pull (GET /v1/changes) without a peer signature.
    package var allowPublicPulls = false
    /// The largest page served (entries).
    package var maxPageEntries = 1000

    package init(publicURL: String) {
        var url = publicURL
        while url.hasSuffix("/") { url.removeLast() }
        self.publicURL = url
    }
}
