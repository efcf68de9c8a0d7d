#if canImport(Glibc)
import Glibc
#endif
internal import CCurl
import SyncProtocol

/// An HTTPS client for one peer on libcurl: TLS 1.3 only, a private CA
/// and/or a pinned key, optional client certificate, timeouts for connect,
/// stall and whole request, a response size cap, and no redirects followed.
///
/// It reuses one curl easy handle, so connections and TLS sessions are reused
/// across requests. Calls block the calling thread. Not Sendable: use one
/// client from one thread (or task) at a time; make one per peer.
package final class HTTPClient {
    package let configuration: HTTPClientConfiguration
    /// The curl easy handle (`CURL *`, a `void *` in curl.h).
    private let handle: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let base: String

    /// Starts loading libcurl (with its dependencies, some 25 libraries:
    /// about 4 ms) on a thread of its own, for a command that will make
    /// requests once it has done its local work: the two then overlap. The
    /// first client made waits for it. Load libcrypto before (it is among
    /// libcurl's libraries), so that the caller's own first use of it does
    /// not wait on the dynamic loader meanwhile.
    package static func startLoadingLibrary() {
        CurlGlobal.startLoading()
    }

    /// Waits until a load begun by `startLoadingLibrary` has finished and
    /// its thread has exited: call before the process may exit.
    package static func finishLoadingLibrary() {
        CurlGlobal.joinLoader()
    }

    /// Whether a load begun by `startLoadingLibrary` still has a thread to
    /// join (tests check that every path joins it).
    package static var isLoadingLibraryPending: Bool { CurlGlobal.isLoaderPending }

    /// Creates the handle and applies the fixed options.
    /// - Throws: `HTTPClientError` `.invalidConfiguration` (bad URL, plain
    ///   HTTP not allowed, bad pin, libcurl refused an option).
    package init(configuration: HTTPClientConfiguration) throws {
        let baseURL = configuration.baseURL
        if let problem = CurlGlobal.problem() {
            throw HTTPClientError(.invalidConfiguration, url: baseURL, reason: problem)
        }
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let plain: Bool
        if base.lowercased().hasPrefix("https://") {
            plain = false
        } else if base.lowercased().hasPrefix("http://") {
            guard configuration.allowPlainHTTPOnLoopback, Self.isLoopbackURL(base) else {
                throw HTTPClientError(.invalidConfiguration, url: baseURL,
                                      reason: "plain http:// is refused; use https://, or set "
                                      + "allowPlainHTTPOnLoopback with a loopback host (127.0.0.1, [::1], localhost)")
            }
            plain = true
        } else {
            throw HTTPClientError(.invalidConfiguration, url: baseURL, reason: "the base URL must start with https://")
        }
        switch configuration.trust {
        case .pinnedKey(let pin), .caBundleAndPinnedKey(_, let pin):
            guard pin.hasPrefix("sha256//"), pin.count > 8 else {
                throw HTTPClientError(.invalidConfiguration, url: baseURL,
                                      reason: "pinned key '\(pin)' must look like sha256//BASE64")
            }
        case .systemCAs, .caBundle:
            break
        }
        if (configuration.clientCertificateFile == nil) != (configuration.clientKeyFile == nil) {
            throw HTTPClientError(.invalidConfiguration, url: baseURL,
                                  reason: "a client certificate needs both clientCertificateFile and clientKeyFile")
        }
        guard configuration.maxResponseBytes >= 0 else {
            throw HTTPClientError(.invalidConfiguration, url: baseURL, reason: "maxResponseBytes must not be negative")
        }
        ResponseMemory.useMmapForLargeBuffers()
        guard let handle = ccurl_easy_init() else {
            throw HTTPClientError(.invalidConfiguration, url: baseURL, reason: "curl_easy_init failed (out of memory?)")
        }
        self.handle = handle
        self.configuration = configuration
        self.base = base
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
        // From here on, deinit frees handle and buffer if a setting fails.
        try configure(plain: plain)
    }

    deinit {
        ccurl_easy_cleanup(handle)
        errorBuffer.deallocate()
        // One client per peer: what its transfers left in the heap goes back now.
        ResponseMemory.releaseFreeMemory()
    }

    // MARK: - Sending

    /// Sends `request` and returns the whole response.
    /// - Returns: the response, whatever its status (check `status`).
    /// - Throws: `HTTPClientError` when no complete, trustworthy response
    ///   arrived (connection, TLS, timeout, size cap, truncation).
    package func send(_ request: ClientRequest) throws -> ClientResponse {
        try perform(request, consumer: nil)
    }

    /// Sends `request`; a 2xx body is handed to `consumer` chunk by chunk as
    /// it arrives (to parse large pages incrementally) and the returned
    /// response has an empty body. A non-2xx body is collected in the
    /// response as usual.
    ///
    /// If this throws, the chunks already delivered are part of a failed
    /// transfer: the caller must discard everything it built from them. An
    /// error thrown by `consumer` aborts the transfer and is rethrown as is.
    package func send(_ request: ClientRequest, streamingBodyTo consumer: ([UInt8]) throws -> Void) throws -> ClientResponse {
        try withoutActuallyEscaping(consumer) { try perform(request, consumer: $0) }
    }

    private func perform(_ request: ClientRequest, consumer: (([UInt8]) throws -> Void)?) throws -> ClientResponse {
        guard request.target.hasPrefix("/") else {
            throw HTTPClientError(.invalidRequest, url: base + request.target,
                                  reason: "the request target must start with '/' (got '\(request.target)')")
        }
        let url = base + request.target
        let cap = min(configuration.maxResponseBytes, max(0, request.maxResponseBytes ?? Int.max))
        let timeout = min(configuration.requestTimeout, request.timeout ?? configuration.requestTimeout)
        let state = TransferState(maxBytes: cap)
        state.consumer = consumer
        defer { state.consumer = nil }

        var list: UnsafeMutablePointer<curl_slist>? = nil
        defer { ccurl_slist_free_all(list) }
        for field in request.headers {
            guard Self.isSafeHeader(field) else {
                throw HTTPClientError(.invalidRequest, url: url, reason: "header '\(field.name)' contains a line break or NUL")
            }
            guard let appended = ccurl_slist_append(list, "\(field.name): \(field.value)") else {
                throw HTTPClientError(.invalidRequest, url: url, reason: "curl_slist_append failed (out of memory?)")
            }
            list = appended
        }
        let hasBody = !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method)
        if hasBody && !request.headers.contains("Content-Type") {
            // Drop libcurl's default "application/x-www-form-urlencoded".
            guard let appended = ccurl_slist_append(list, "Content-Type:") else {
                throw HTTPClientError(.invalidRequest, url: url, reason: "curl_slist_append failed (out of memory?)")
            }
            list = appended
        }

        let me = Unmanaged.passUnretained(state).toOpaque()
        try withExtendedLifetime(state) {
            defer {
                // Leave no pointer to this request's memory in the handle, even
                // if an option failed. (Storing NULL cannot fail.)
                _ = ccurl_setopt_ptr(handle, CURLOPT_HTTPHEADER, nil)
                _ = ccurl_setopt_ptr(handle, CURLOPT_WRITEDATA, nil)
                _ = ccurl_setopt_ptr(handle, CURLOPT_HEADERDATA, nil)
            }
            try set(CURLOPT_URL, string: url, url: url)
            try set(CURLOPT_HTTPGET, 1, url: url)               // resets POST/NOBODY from the last request
            try set(CURLOPT_CUSTOMREQUEST, pointer: nil, url: url)
            if request.method == "HEAD" {
                try set(CURLOPT_NOBODY, 1, url: url)
            } else if hasBody {
                try check(ccurl_setopt_off(handle, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)),
                          "CURLOPT_POSTFIELDSIZE_LARGE", url: url)
                // COPYPOSTFIELDS: libcurl copies the bytes now (size set just above).
                try request.body.withUnsafeBytes { raw in
                    let p = raw.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
                    try check(ccurl_setopt_ptr(handle, CURLOPT_COPYPOSTFIELDS, p), "CURLOPT_COPYPOSTFIELDS", url: url)
                }
                if request.method != "POST" { try set(CURLOPT_CUSTOMREQUEST, string: request.method, url: url) }
            } else if request.method != "GET" {
                try set(CURLOPT_CUSTOMREQUEST, string: request.method, url: url)
            }
            try set(CURLOPT_HTTPHEADER, pointer: UnsafeRawPointer(list), url: url)
            try set(CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout), url: url)
            try check(ccurl_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(cap)), "CURLOPT_MAXFILESIZE_LARGE", url: url)
            try set(CURLOPT_WRITEDATA, pointer: me, url: url)
            try set(CURLOPT_HEADERDATA, pointer: me, url: url)
            errorBuffer[0] = 0
            let rc = ccurl_easy_perform(handle)
            if rc != CURLE_OK { throw failure(rc, state: state, url: url, timeout: timeout) }
        }
        try validate(state, request: request, url: url)
        return ClientResponse(status: state.status, headers: state.headers, body: state.body)
    }

    /// libcurl said OK; check the response is really complete.
    private func validate(_ state: TransferState, request: ClientRequest, url: String) throws {
        var code = 0
        let rc = ccurl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &code)
        guard rc == CURLE_OK else {
            throw HTTPClientError(.transportFailed, url: url,
                                  reason: "could not read the status code: " + String(cString: ccurl_easy_strerror(rc)),
                                  curlCode: Int(rc.rawValue))
        }
        if code == 0 || state.status == 0 {
            throw HTTPClientError(.peerClosedEarly, url: url, reason: "the peer closed the connection without a complete response")
        }
        state.status = code
        let lengths = state.headers.values(for: "Content-Length")
        guard !lengths.isEmpty, request.method != "HEAD", code != 204, code != 304 else { return }
        guard lengths.count == 1, let declared = Int(lengths[0]) else {
            throw HTTPClientError(.protocolError, url: url, reason: "invalid Content-Length header(s): \(lengths)")
        }
        if declared != state.received {
            throw HTTPClientError(.truncatedBody, url: url,
                                  reason: "received \(state.received) body bytes but Content-Length announced \(declared)")
        }
    }

    private func failure(_ rc: CURLcode, state: TransferState, url: String, timeout: Duration) -> any Error {
        if let error = state.consumerError { return error }
        let detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: ccurl_easy_strerror(rc))
        let curl = Int(rc.rawValue)
        if state.tooLarge || rc == CURLE_FILESIZE_EXCEEDED {
            let announced = state.announcedLength.map { "Content-Length announced \($0) bytes, " } ?? ""
            return HTTPClientError(.responseTooLarge, url: url,
                                   reason: announced + "the response body is larger than the \(state.maxBytes)-byte limit; "
                                   + "it was cut off after \(state.received) bytes",
                                   curlCode: curl)
        }
        if let bad = state.badHeader {
            return HTTPClientError(.protocolError, url: url, reason: "malformed response header: \(bad)", curlCode: curl)
        }
        let code: HTTPClientError.Code
        var reason = detail
        switch rc {
        case CURLE_COULDNT_RESOLVE_HOST: code = .couldNotResolveHost
        case CURLE_COULDNT_CONNECT:
            var osErrno = 0
            let known = ccurl_getinfo_long(handle, CURLINFO_OS_ERRNO, &osErrno) == CURLE_OK
            code = known && osErrno == Int(ECONNREFUSED) ? .connectionRefused : .couldNotConnect
        case CURLE_OPERATION_TIMEDOUT:
            code = .timedOut
            reason += " (connect timeout \(configuration.connectTimeout), request timeout \(timeout), "
                + "stall: under \(configuration.lowSpeedLimit) B/s for \(configuration.lowSpeedTime))"
        case CURLE_PEER_FAILED_VERIFICATION:
            // libcurl says which check failed only in its message.
            code = detail.contains("subject name") ? .hostNameMismatch : .tlsVerificationFailed
        case CURLE_SSL_CONNECT_ERROR: code = .tlsHandshakeFailed
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH: code = .pinnedKeyMismatch
        case CURLE_SSL_CERTPROBLEM, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE: code = .localCertificateProblem
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE: code = .peerClosedEarly
        case CURLE_WEIRD_SERVER_REPLY, CURLE_HTTP2, CURLE_BAD_CONTENT_ENCODING: code = .protocolError
        case CURLE_UNSUPPORTED_PROTOCOL:
            // Our URL's scheme was checked in init, so this is the peer's
            // answer ("Received HTTP/0.9 when not allowed"): not our request.
            code = .protocolError
            reason = "the peer's answer is not HTTP/1.x: " + detail
        case CURLE_URL_MALFORMAT: code = .invalidRequest
        default: code = .transportFailed
        }
        return HTTPClientError(code, url: url, reason: reason, curlCode: curl)
    }

    // MARK: - Fixed options

    private func configure(plain: Bool) throws {
        let c = configuration
        let url = base
        try set(CURLOPT_ERRORBUFFER, pointer: errorBuffer, url: url)
        try set(CURLOPT_NOSIGNAL, 1, url: url)                     // threads: no SIGALRM
        try set(CURLOPT_PROTOCOLS_STR, string: plain ? "http" : "https", url: url)
        try set(CURLOPT_REDIR_PROTOCOLS_STR, string: "https", url: url)
        try set(CURLOPT_FOLLOWLOCATION, 0, url: url)                // never follow redirects
        try set(CURLOPT_PROXY, string: "", url: url)                // ignore proxy environment variables
        try set(CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1, url: url)
        try set(CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_3, url: url)
        switch c.trust {
        case .systemCAs:
            break
        case .caBundle(let path):
            try set(CURLOPT_CAINFO, string: path, url: url)
        case .pinnedKey(let pin):
            // The pin is the trust: chain and name are not checked (libcurl
            // still checks the pin with verification off).
            try set(CURLOPT_SSL_VERIFYPEER, 0, url: url)
            try set(CURLOPT_SSL_VERIFYHOST, 0, url: url)
            try set(CURLOPT_PINNEDPUBLICKEY, string: pin, url: url)
        case .caBundleAndPinnedKey(let path, let pin):
            try set(CURLOPT_CAINFO, string: path, url: url)
            try set(CURLOPT_PINNEDPUBLICKEY, string: pin, url: url)
        }
        if let cert = c.clientCertificateFile, let key = c.clientKeyFile {
            try set(CURLOPT_SSLCERT, string: cert, url: url)
            try set(CURLOPT_SSLCERTTYPE, string: "PEM", url: url)
            try set(CURLOPT_SSLKEY, string: key, url: url)
            try set(CURLOPT_SSLKEYTYPE, string: "PEM", url: url)
        }
        try set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(c.connectTimeout), url: url)
        try set(CURLOPT_TIMEOUT_MS, Self.milliseconds(c.requestTimeout), url: url)
        try set(CURLOPT_LOW_SPEED_LIMIT, max(1, c.lowSpeedLimit), url: url)
        try set(CURLOPT_LOW_SPEED_TIME, max(1, Int(c.lowSpeedTime.components.seconds)), url: url)
        try check(ccurl_setopt_off(handle, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(c.maxResponseBytes)),
                  "CURLOPT_MAXFILESIZE_LARGE", url: url)
        try check(ccurl_setopt_write(handle, TransferState.onData), "CURLOPT_WRITEFUNCTION", url: url)
        try check(ccurl_setopt_header(handle, TransferState.onHeader), "CURLOPT_HEADERFUNCTION", url: url)
    }

    // MARK: - Helpers

    private func set(_ option: CURLoption, _ value: Int, url: String) throws {
        try check(ccurl_setopt_long(handle, option, value), "option \(option.rawValue)", url: url)
    }

    /// libcurl copies string options (since 7.17), so a temporary C string is fine.
    private func set(_ option: CURLoption, string: String, url: String) throws {
        try string.withCString { try check(ccurl_setopt_ptr(handle, option, $0), "option \(option.rawValue)", url: url) }
    }

    private func set(_ option: CURLoption, pointer: UnsafeRawPointer?, url: String) throws {
        try check(ccurl_setopt_ptr(handle, option, pointer), "option \(option.rawValue)", url: url)
    }

    private func check(_ rc: CURLcode, _ what: String, url: String) throws {
        guard rc == CURLE_OK else {
            throw HTTPClientError(.invalidConfiguration, url: url,
                                  reason: "libcurl refused \(what): " + String(cString: ccurl_easy_strerror(rc)),
                                  curlCode: Int(rc.rawValue))
        }
    }

    private static func milliseconds(_ d: Duration) -> Int {
        let (s, atto) = d.components
        return max(1, Int(s) * 1000 + Int(atto / 1_000_000_000_000_000))
    }

    private static func isSafeHeader(_ f: HTTPHeaders.Field) -> Bool {
        !f.name.isEmpty && !f.name.utf8.contains { $0 == 0 || $0 == 10 || $0 == 13 || $0 == 58 || $0 == 32 }
            && !f.value.utf8.contains { $0 == 0 || $0 == 10 || $0 == 13 }
    }

    /// `http://127.0.0.1:8080`, `http://[::1]:1`, `http://localhost/x`.
    static func isLoopbackURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        let scheme = lower.hasPrefix("https://") ? 8 : lower.hasPrefix("http://") ? 7 : 0
        guard scheme > 0 else { return false }
        var rest = url.dropFirst(scheme)
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if rest.contains("@") { return false }
        let host: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return false }
            host = rest[rest.index(after: rest.startIndex)..<close]
            return host == "::1"
        }
        host = rest.split(separator: ":", maxSplits: 1).first ?? ""
        if host == "localhost" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { UInt8($0) != nil } && octets[0] == "127"
    }
}

@available(*, unavailable)
extension HTTPClient: Sendable {}
