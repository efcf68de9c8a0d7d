/// Settings of one `HTTPClient`, i.e. of one peer.
package struct HTTPClientConfiguration: Sendable {
    /// `https://host:port`, optionally with a path prefix; request targets are appended.
    package var baseURL: String
    package var trust: HTTPClientTrust
    /// Client certificate (PEM file) for mutual TLS, with its key.
    package var clientCertificateFile: String?
    /// Unencrypted private key (PEM file) of `clientCertificateFile`.
    package var clientKeyFile: String?
    /// TCP connect *and* TLS handshake. (The low-speed limit does not cover
    /// them: a peer that accepts TCP and never speaks TLS is caught here.)
    package var connectTimeout: Duration = .seconds(10)
    /// A transfer slower than `lowSpeedLimit` bytes per second for
    /// `lowSpeedTime` is aborted as timed out (a stalled peer).
    package var lowSpeedLimit: Int = 1024
    package var lowSpeedTime: Duration = .seconds(30)
    /// Hard bound on one whole request, connect to last byte.
    package var requestTimeout: Duration = .seconds(300)
    /// Largest response body accepted, counted as bytes arrive (so it also
    /// stops endless chunked bodies).
    package var maxResponseBytes: Int = 64 << 20
    /// Allows an `http://` base URL, only for a loopback host. Off by default.
    package var allowPlainHTTPOnLoopback = false

    package init(baseURL: String, trust: HTTPClientTrust,
                clientCertificateFile: String? = nil, clientKeyFile: String? = nil) {
        self.baseURL = baseURL
        self.trust = trust
        self.clientCertificateFile = clientCertificateFile
        self.clientKeyFile = clientKeyFile
    }
}
