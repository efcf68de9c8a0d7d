/// A request that produced no trustworthy response, naming the URL, what
/// went wrong and what to check next.
package struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// An extensible error category, stable for callers to match on.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        package let rawValue: String
        package init(_ rawValue: String) { self.rawValue = rawValue }
        package var description: String { rawValue }

        package static let invalidConfiguration = Code("invalid configuration")
        package static let invalidRequest = Code("invalid request")
        package static let couldNotResolveHost = Code("could not resolve host")
        package static let connectionRefused = Code("connection refused")
        package static let couldNotConnect = Code("could not connect")
        package static let timedOut = Code("timed out")
        /// The certificate did not verify (unknown CA, expired, wrong name): curl 60.
        package static let tlsVerificationFailed = Code("TLS verification failed")
        /// The certificate verified but names another host than the URL's: curl 60.
        package static let hostNameMismatch = Code("host name mismatch")
        /// The handshake itself failed (no TLS 1.3, client certificate refused, not TLS): curl 35.
        package static let tlsHandshakeFailed = Code("TLS handshake failed")
        package static let pinnedKeyMismatch = Code("pinned key mismatch")
        /// Our own certificate, key or CA file could not be used.
        package static let localCertificateProblem = Code("local certificate problem")
        package static let responseTooLarge = Code("response too large")
        /// The peer closed or reset before a complete response.
        package static let peerClosedEarly = Code("peer closed early")
        /// Fewer (or more) body bytes than the announced Content-Length.
        package static let truncatedBody = Code("truncated body")
        package static let protocolError = Code("protocol error")
        /// Any other libcurl failure; see `curlCode`.
        package static let transportFailed = Code("transport failed")
    }

    package let code: Code
    /// The full URL of the request (or the base URL for configuration errors).
    package let url: String
    /// What happened, including libcurl's own message when there is one.
    package let reason: String
    /// The CURLcode, when libcurl reported the failure.
    package let curlCode: Int?

    package init(_ code: Code, url: String, reason: String, curlCode: Int? = nil) {
        self.code = code
        self.url = url
        self.reason = reason
        self.curlCode = curlCode
    }

    package var description: String {
        var text = "request to \(url) failed: \(code): \(reason)"
        if let curlCode { text += " (curl error \(curlCode))" }
        if let hint = hint { text += ". " + hint }
        return text
    }

    private var hint: String? {
        switch code {
        case .connectionRefused, .couldNotConnect: return "Check that the peer is running and the address and port are right."
        case .couldNotResolveHost: return "Check the host name in the peer URL."
        case .timedOut: return "The peer is unreachable, stalled or too slow; try again later or raise the timeouts."
        case .tlsVerificationFailed:
            return "The peer's certificate is not signed by the configured CA, has expired, or does not match the host name."
        case .hostNameMismatch:
            return "The peer's certificate is valid but made for another host name: put a name the certificate lists "
                + "(`openssl x509 -noout -ext subjectAltName -in CERT`) in the peer URL, or give the peer a certificate for this name."
        case .tlsHandshakeFailed:
            return "The peer may not speak TLS 1.3, may not be an HTTPS server, or refused our client certificate."
        case .pinnedKeyMismatch: return "The peer's key changed or this is not the expected peer; check the pinned key."
        case .localCertificateProblem: return "Check the CA bundle, client certificate and key files."
        case .responseTooLarge: return "Raise maxResponseBytes only if such responses are expected."
        case .peerClosedEarly, .truncatedBody: return "Discard any partial data and retry."
        default: return nil
        }
    }
}
