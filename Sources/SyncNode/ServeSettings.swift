/// Everything `syncnode serve` needs besides the home.
package struct ServeSettings: Sendable {
    package var host: String
    package var port: UInt16
    package var certificateFile: String?
    package var keyFile: String?
    package var clientCAFile: String?
    /// Plain HTTP (refused unless the host is a loopback address).
    package var plainHTTP = false
    package var publicURL: String?
    package var allowPublicPulls = false
    /// Run `sync` with every peer this often (nil: serve only).
    package var syncEvery: Duration?
    package var syncOptions = SyncOptions()
    package var threads = 4
    /// Serve the read-only web view and Atom feeds on every path outside
    /// `/v1/` and `/metrics` of the same listener (docs/operations.md).
    package var web = true

    package init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }
}
