/// The parts of an HTTP message that RFC 9421 components are derived from.
///
/// A request needs its method and target URI; a response its status, plus
/// the request it answers for `;req` components.
package struct HTTPSignatureMessage: Sendable, Hashable {
    /// The request side, also used for `;req` components of a response.
    package struct Request: Sendable, Hashable {
        package var method: String
        /// `https://host[:port]/path?query` (see `targetURI(scheme:authority:target:)`).
        package var targetURI: String
        package var headers: HTTPHeaders

        package init(method: String, targetURI: String, headers: HTTPHeaders = HTTPHeaders()) {
            self.method = method
            self.targetURI = targetURI
            self.headers = headers
        }
    }

    /// Present for requests; for responses, the request answered (needed for `;req`).
    package var request: Request?
    /// Present for responses only.
    package var status: Int?
    /// This message's own header fields.
    package var headers: HTTPHeaders

    package static func request(method: String, targetURI: String, headers: HTTPHeaders) -> HTTPSignatureMessage {
        HTTPSignatureMessage(request: Request(method: method, targetURI: targetURI, headers: headers), status: nil, headers: headers)
    }

    package static func response(status: Int, headers: HTTPHeaders, request: Request) -> HTTPSignatureMessage {
        HTTPSignatureMessage(request: request, status: status, headers: headers)
    }

    package var isResponse: Bool { status != nil }

    /// The target URI both sides must agree on: `scheme://authority` +
    /// the request target (path and query exactly as sent, still encoded).
    /// Scheme and host are lowercased and a default port (`:443` for https,
    /// `:80` for http) is dropped, so that `Host: Example.org:443` and
    /// `example.org` sign alike.
    package static func targetURI(scheme: String = "https", authority: String, target: String) -> String {
        let scheme = scheme.lowercased()
        var authority = authority.lowercased()
        let defaultPort = scheme == "https" ? ":443" : scheme == "http" ? ":80" : nil
        if let defaultPort, authority.hasSuffix(defaultPort) {
            authority.removeLast(defaultPort.count)
        }
        return scheme + "://" + authority + (target.hasPrefix("/") ? target : "/" + target)
    }

    /// A received request, with the target URI rebuilt from its `Host`
    /// header and raw target.
    /// - Returns: nil when the request has no single `Host` header.
    package static func received(_ request: HTTPRequest, scheme: String = "https") -> HTTPSignatureMessage? {
        let hosts = request.headers.values(for: "Host")
        guard hosts.count == 1, let host = hosts.first, !host.isEmpty else { return nil }
        return .request(method: request.method,
                        targetURI: targetURI(scheme: scheme, authority: host, target: request.target),
                        headers: request.headers)
    }
}
