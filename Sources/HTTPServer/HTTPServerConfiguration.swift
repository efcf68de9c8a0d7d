/// Where and how the server listens.
package struct HTTPServerConfiguration: Sendable {
    /// A numeric IPv4/IPv6 address (`127.0.0.1`, `::1`, `0.0.0.0`, `::`) or `localhost`.
    package var host: String
    /// 0 picks a free port; read it back from `HTTPServer.boundPort`.
    package var port: UInt16
    /// The TLS identity; nil means plain HTTP, which needs `allowPlainHTTPOnLoopback`.
    package var tls: HTTPServerTLS?
    /// Plain HTTP is refused unless this is set and `host` is a loopback address.
    package var allowPlainHTTPOnLoopback: Bool
    package var limits: HTTPServerLimits
    /// Receives diagnostics (libmicrohttpd's own messages, refused requests,
    /// connections cut off by a deadline). Called on server threads.
    package var log: (@Sendable (String) -> Void)?

    /// An HTTPS server.
    package init(host: String = "127.0.0.1", port: UInt16 = 0, tls: HTTPServerTLS,
                limits: HTTPServerLimits = HTTPServerLimits(), log: (@Sendable (String) -> Void)? = nil) {
        self.init(host: host, port: port, tls: tls, allowPlainHTTPOnLoopback: false, limits: limits, log: log)
    }

    private init(host: String, port: UInt16, tls: HTTPServerTLS?, allowPlainHTTPOnLoopback: Bool,
                 limits: HTTPServerLimits, log: (@Sendable (String) -> Void)?) {
        self.host = host
        self.port = port
        self.tls = tls
        self.allowPlainHTTPOnLoopback = allowPlainHTTPOnLoopback
        self.limits = limits
        self.log = log
    }

    /// A plain-HTTP server, for local tools and tests only; the server refuses
    /// any host that is not a loopback address.
    package static func plainHTTPOnLoopback(host: String = "127.0.0.1", port: UInt16 = 0,
                                           limits: HTTPServerLimits = HTTPServerLimits(),
                                           log: (@Sendable (String) -> Void)? = nil) -> HTTPServerConfiguration {
        HTTPServerConfiguration(host: host, port: port, tls: nil, allowPlainHTTPOnLoopback: true, limits: limits, log: log)
    }

    /// `https://127.0.0.1:8443`, `http://[::1]:8080`: the URL clients use.
    package func url(port: UInt16) -> String {
        let scheme = tls == nil ? "http" : "https"
        let h = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(h):\(port)"
    }
}
