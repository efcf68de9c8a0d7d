/// Everything `syncnode serve` needs besides the home.
public struct ServeSettings: Sendable {
    public var host: String
    public var port: UInt16
    public var certificateFile: String?
    public var keyFile: String?
    public var clientCAFile: String?
    /// Plain HTTP (refused unless the host is a loopback address).
    public var plainHTTP = false
    public var publicURL: String?
    public var allowPublicPulls = false
    /// Run `sync` with every peer this often (nil: serve only).
    public var syncEvery: Duration?
    public var syncOptions = SyncOptions()
    public var threads = 4
    /// Serve the read-only web view and Atom feeds on every path outside
    /// `/v1/` and `/metrics` of the same listener (docs/operations.md).
    public var web = true

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }
}
