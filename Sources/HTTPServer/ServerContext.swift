#if canImport(Glibc)
import Glibc
#endif
internal import CMicroHTTPD
import SyncProtocol
import Synchronization

/// Everything the C callbacks of one running daemon need, reached through
/// their `cls` pointer.
///
/// `@unchecked Sendable`: MHD calls the callbacks concurrently from its pool
/// threads. The stored properties that are not Sendable are C buffers and
/// prebuilt `MHD_Response`s; all are `let`, set once in `init`, only read
/// afterwards, and freed in `deinit`, which runs only after `MHD_stop_daemon`
/// has joined every MHD thread. MHD reference-counts responses under its own
/// mutex and documents that one response may be queued on many connections.
/// Mutable shared state lives in `Mutex`/`Atomic` (`lastLog`, the watchdog).
final class ServerContext: @unchecked Sendable {
    let configuration: HTTPServerConfiguration
    let responder: any HTTPResponder
    let watchdog: Watchdog
    let requireClientCertificate: Bool
    private let log: (@Sendable (String) -> Void)?
    /// Connections accepted since start (diagnostics; tests check keep-alive with it).
    let acceptedConnections = Atomic<Int>(0)
    /// The last messages libmicrohttpd logged, to explain a failed start.
    private let lastLog = Mutex<[String]>([])

    // C copies handed to MHD, kept until the daemon is stopped.
    private let certificate: UnsafeMutablePointer<CChar>?
    private let privateKey: UnsafeMutablePointer<CChar>?
    private let clientCA: UnsafeMutablePointer<CChar>?
    private let priorities: UnsafeMutablePointer<CChar>?
    private let loggerContext = UnsafeMutablePointer<mhd_shim_logger_context>.allocate(capacity: 1)

    // The 500 fallback (when even building an answer failed), prebuilt once
    // and queued from any thread; it cannot be signed.
    private let internalError: OpaquePointer

    init(configuration: HTTPServerConfiguration, responder: any HTTPResponder) throws {
        self.configuration = configuration
        self.responder = responder
        self.log = configuration.log
        self.watchdog = Watchdog(limits: configuration.limits, plainHTTP: configuration.tls == nil, log: configuration.log)
        let tls = configuration.tls
        requireClientCertificate = tls?.clientCAPEM != nil
        certificate = tls.map { strdup($0.certificatePEM) }
        privateKey = tls.map { strdup($0.privateKeyPEM) }
        clientCA = tls?.clientCAPEM.map { strdup($0) }
        priorities = tls.map { _ in strdup(HTTPServerTLS.priorities) }

        func refusal(_ text: StaticString) throws -> OpaquePointer {
            // PERSISTENT: MHD aliases the static text, never copies or frees it.
            guard let r = cmhd_create_response_from_buffer(text.utf8CodeUnitCount,
                                                          UnsafeMutableRawPointer(mutating: text.utf8Start),
                                                          .RESPMEM_PERSISTENT) else {
                throw HTTPServerError(.startFailed, "could not create a libmicrohttpd response (out of memory?)")
            }
            guard cmhd_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json") == .YES,
                  cmhd_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close") == .YES else {
                cmhd_destroy_response(r)
                throw HTTPServerError(.startFailed, "could not add headers to a libmicrohttpd response")
            }
            return r
        }
        var made: [OpaquePointer] = []
        do {
            internalError = try refusal(#"{"error":{"code":"internal","message":"the server could not build its answer; its operator can find the cause in its log"}}"#)
            made.append(internalError)
        } catch {
            for r in made { cmhd_destroy_response(r) }
            for p in [certificate, privateKey, clientCA, priorities] { free(p) }
            loggerContext.deallocate()
            throw error
        }
    }

    deinit {
        cmhd_destroy_response(internalError)
        for p in [certificate, privateKey, clientCA, priorities] { free(p) }
        loggerContext.deallocate()
    }

    // MARK: - Starting

    /// Starts the daemon; returns it with the bound port.
    func startDaemon(address: ListenAddress) throws -> (daemon: OpaquePointer, port: UInt16) {
        if let problem = cmhd_load() {
            throw HTTPServerError(.startFailed, "libmicrohttpd or GnuTLS could not be loaded (\(String(cString: problem))): "
                                  + "install them (Debian: apt-get install libmicrohttpd12 libgnutls30) and try again")
        }
        let limits = configuration.limits
        // poll, not epoll: with TLS, libmicrohttpd 0.9.75's edge-triggered
        // epoll loop never learns that GnuTLS's own reads during the
        // handshake found nothing, keeps the connection in its ready list and
        // calls gnutls_handshake in a loop until the client answers (uprobes:
        // hundreds of calls per connection). That cost 3.2-3.5 ms of server
        // CPU per new TLS connection, against 0.3-0.5 ms with the poll loop
        // (200 curl requests to /healthz, each on its own connection; bare
        // libmicrohttpd the same), and the spin competes with the client for
        // the CPU on a small machine. A worker polls at most
        // maxConnections / threadPoolSize sockets. A head beyond the memory
        // pool still gets libmicrohttpd's 431, but the connection is closed
        // with the rest of the head unread, which resets it: a client that
        // is still writing must read what arrived before the reset
        // (TLSRawClient does; see HostileClientTests).
        var flags = MHD_USE_POLL_INTERNAL_THREAD.rawValue | MHD_USE_ERROR_LOG.rawValue
        if configuration.tls != nil { flags |= MHD_USE_TLS.rawValue }
        if address.isIPv6 { flags |= MHD_USE_IPv6.rawValue }
        let me = Unmanaged.passUnretained(self).toOpaque()
        loggerContext.initialize(to: mhd_shim_logger_context(log: Self.onLog, cls: me))
        let idleSeconds = max(1, Int(limits.idleTimeout.components.seconds))

        let daemon: OpaquePointer? = address.withSockAddr(port: configuration.port) { sockaddr in
            var opts: [MHD_OptionItem] = [
                // First, so that messages about later options reach it too.
                .init(option: .EXTERNAL_LOGGER, value: mhd_shim_format_log_fn(), ptr_value: UnsafeMutableRawPointer(loggerContext)),
                .init(option: .SOCK_ADDR, value: 0, ptr_value: sockaddr),
                .init(option: .CONNECTION_LIMIT, value: limits.maxConnections, ptr_value: nil),
                // No PER_IP_CONNECTION_LIMIT: MHD would refuse the newest
                // connection (a legitimate peer) and log each refusal; the
                // watchdog applies the limit instead, evicting the oldest
                // idle-partial connection (see DeadlineTable).
                .init(option: .CONNECTION_TIMEOUT, value: idleSeconds, ptr_value: nil),
                .init(option: .CONNECTION_MEMORY_LIMIT, value: limits.connectionMemoryBytes, ptr_value: nil),
                .init(option: .STRICT_FOR_CLIENT, value: 1, ptr_value: nil),
                .init(option: .URI_LOG_CALLBACK, value: mhd_shim_uri_log_fn(Self.onURI), ptr_value: me),
                .init(option: .NOTIFY_COMPLETED, value: mhd_shim_completed_fn(Self.onCompleted), ptr_value: me),
                .init(option: .NOTIFY_CONNECTION, value: mhd_shim_notify_connection_fn(Self.onConnection), ptr_value: me),
            ]
            if limits.threadPoolSize > 1 {
                opts.append(.init(option: .THREAD_POOL_SIZE, value: limits.threadPoolSize, ptr_value: nil))
            }
            if configuration.tls != nil {
                opts.append(.init(option: .HTTPS_MEM_CERT, value: 0, ptr_value: UnsafeMutableRawPointer(certificate)))
                opts.append(.init(option: .HTTPS_MEM_KEY, value: 0, ptr_value: UnsafeMutableRawPointer(privateKey)))
                opts.append(.init(option: .HTTPS_PRIORITIES, value: 0, ptr_value: UnsafeMutableRawPointer(priorities)))
                if let clientCA {
                    opts.append(.init(option: .HTTPS_MEM_TRUST, value: 0, ptr_value: UnsafeMutableRawPointer(clientCA)))
                }
            }
            opts.append(.init(option: .END, value: 0, ptr_value: nil))
            // MHD parses the array and binds inside this call; it keeps neither pointer.
            return mhd_shim_start_daemon(flags, configuration.port, Self.onAccess, me, opts)
        }
        let kind = configuration.tls == nil ? "HTTP" : "HTTPS"
        let hostPort = "\(address.isIPv6 ? "[\(address.host)]" : address.host):\(configuration.port)"
        guard let daemon else {
            var detail = lastLog.withLock { $0.joined(separator: "; ") }
            while detail.last == "." { detail.removeLast() }
            throw HTTPServerError(.startFailed,
                                  "could not start \(kind) server on \(hostPort): "
                                  + (detail.isEmpty ? "libmicrohttpd gave no reason" : detail)
                                  + ". Check that the port is free"
                                  + (configuration.tls == nil ? "." : " and the certificate and key match."))
        }
        let port = mhd_shim_bind_port(daemon)
        guard port != 0 else {
            cmhd_stop_daemon(daemon)
            throw HTTPServerError(.startFailed, "started \(kind) server on \(hostPort) but could not read back its port")
        }
        return (daemon, port)
    }

    // MARK: - C callbacks: capture nothing, get the context back from `cls`

    static let onLog: mhd_shim_text_logger = { cls, message in
        guard let cls, let message else { return }
        var text = String(cString: message)
        while text.last == "\n" || text.last == " " { text.removeLast() }
        let ctx = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
        ctx.lastLog.withLock { log in
            log.append(text)
            if log.count > 4 { log.removeFirst() }
        }
        // Keyed by the text: a flood of one message costs one line a minute.
        ctx.watchdog.limitedLog(address: "libmicrohttpd", kind: text, "libmicrohttpd: " + text)
    }

    static let onURI: mhd_shim_uri_log_callback = { _, uri, _ in
        let state = RequestState(target: uri.map { String(cString: $0) } ?? "/")
        return Unmanaged.passRetained(state).toOpaque()
    }

    static let onAccess: MHD_AccessHandlerCallback = { cls, conn, url, method, _, upload, uploadSize, reqCtx in
        guard let cls, let conn, let url, let method, let uploadSize, let reqCtx else { return .NO }
        let ctx = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
        let state: RequestState
        if let raw = reqCtx.pointee {
            state = Unmanaged<RequestState>.fromOpaque(raw).takeUnretainedValue()
        } else {
            // Not expected (the URI callback always runs first); stay safe anyway.
            state = RequestState(target: String(cString: url))
            reqCtx.pointee = Unmanaged.passRetained(state).toOpaque()
        }
        return ctx.handle(conn, method: method, state: state, upload: upload, uploadSize: uploadSize)
    }

    static let onCompleted: MHD_RequestCompletedCallback = { cls, conn, reqCtx, _ in
        if let reqCtx, let raw = reqCtx.pointee {   // balances passRetained in onURI
            Unmanaged<RequestState>.fromOpaque(raw).release()
            reqCtx.pointee = nil
        }
        guard let cls, let conn else { return }
        Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue().watchdog.requestCompleted(conn)
    }

    static let onConnection: MHD_NotifyConnectionCallback = { cls, conn, _, code in
        guard let cls, let conn else { return }
        let ctx = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
        switch code {
        case .CONNECTION_NOTIFY_STARTED:
            // The GnuTLS session exists but the handshake has not run: turn
            // MHD's GNUTLS_CERT_REQUEST into REQUIRE + verify in the handshake,
            // so a missing or foreign client certificate fails the handshake.
            if ctx.requireClientCertificate, let session = mhd_shim_tls_session(conn) {
                cmhd_gnutls_certificate_server_set_request(session, GNUTLS_CERT_REQUIRE)
                cmhd_gnutls_session_set_verify_cert(session, nil, 0)
            }
            ctx.watchdog.connectionStarted(conn, address: ctx.remoteAddress(conn))
            ctx.acceptedConnections.add(1, ordering: .relaxed)
        case .CONNECTION_NOTIFY_CLOSED:
            ctx.watchdog.connectionClosed(conn)
        @unknown default:
            break
        }
    }

    // MARK: - Request handling

    /// MHD calls the access handler several times per request:
    ///   1. head parsed, no body read yet;
    ///   2. once per piece of body (`*uploadSize > 0`);
    ///   3. once more when the request is complete (`*uploadSize == 0`).
    /// Queueing a response in call 1 makes MHD 0.9.75 close the connection
    /// afterwards, so normal answers are given in call 3 and call 1 answers
    /// only refusals, where closing is what we want.
    func handle(_ conn: OpaquePointer, method: UnsafePointer<CChar>, state: RequestState,
                upload: UnsafePointer<CChar>?, uploadSize: UnsafeMutablePointer<Int>) -> MHD_Result {
        if !state.headSeen {
            state.headSeen = true
            watchdog.requestBegan(conn)
            state.headers = Self.headerFields(conn)
            let limits = configuration.limits
            let address = remoteAddress(conn)
            let head = HTTPRequest(method: String(cString: method), target: state.target,
                                   headers: HTTPHeaders(state.headers), body: [], remoteAddress: address)
            let headBytes = head.method.utf8.count + head.target.utf8.count
                + state.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
            if headBytes > limits.maxHeadBytes {
                return refuse(HTTPRefusal(status: 431, code: "header_too_large",
                                          message: "the request head is \(headBytes) bytes; at most \(limits.maxHeadBytes) are accepted",
                                          request: head), on: conn)
            }
            switch FramingCheck.verdict(state.headers, maxBodyBytes: limits.maxBodyBytes) {
            case .badRequest(let why):
                return refuse(HTTPRefusal(status: 400, code: "bad_request",
                                          message: "ambiguous request framing: \(why); the connection is closed",
                                          request: head), on: conn)
            case .tooLarge(let declared):
                return refuse(HTTPRefusal(status: 413, code: "payload_too_large",
                                          message: "Content-Length \(declared) is over the \(limits.maxBodyBytes)-byte limit",
                                          request: head), on: conn)
            case .acceptable(let length):
                if let length { state.body.reserveCapacity(Int(length)) }
            }
            if requireClientCertificate {
                guard let peer = ClientCertificate.verified(conn) else {
                    return refuse(HTTPRefusal(status: 403, code: "forbidden",
                                              message: "the client certificate was not verified for TLS client use",
                                              request: head), on: conn)
                }
                state.clientSubject = peer.subject
                state.clientCommonName = peer.commonName
            }
            return .YES
        }

        let n = uploadSize.pointee
        if n > 0 {
            uploadSize.pointee = 0
            guard let upload else { return .NO }
            guard state.body.count + n <= configuration.limits.maxBodyBytes else {
                // Only a chunked body gets here (Content-Length was checked in
                // call 1). MHD 0.9.75 refuses to queue a response while the body
                // is arriving, so all we can do is drop the connection.
                log?("chunked body from \(remoteAddress(conn)) for \(state.target) passed the "
                     + "\(configuration.limits.maxBodyBytes)-byte limit; closing")
                return .NO
            }
            UnsafeRawPointer(upload).withMemoryRebound(to: UInt8.self, capacity: n) { p in
                state.body.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
            }
            return .YES
        }

        let request = HTTPRequest(
            method: String(cString: method),
            target: state.target,
            headers: HTTPHeaders(state.headers),
            body: state.body,
            remoteAddress: remoteAddress(conn),
            clientCertificateSubject: state.clientSubject,
            clientCertificateCommonName: state.clientCommonName)
        state.body = []
        let response = responder.respond(to: request)
        return queue(response, for: request, on: conn)
    }

    /// Answers a refusal in access-handler call 1 (MHD then closes the
    /// connection, which is what we want) with the responder's rendering.
    private func refuse(_ refusal: HTTPRefusal, on conn: OpaquePointer) -> MHD_Result {
        let r = refusal.request
        watchdog.limitedLog(address: r.remoteAddress, kind: "refused \(refusal.status)",
                            "\(refusal.status) for \(r.remoteAddress) \(r.method) \(r.target): \(refusal.message); closing")
        var response = responder.refuse(refusal)
        if case .stream = response.body { response = refusal.jsonResponse }   // no streams for refusals
        response.headers.replaceOrAdd(name: "Connection", value: "close")
        return queue(response, for: r, on: conn)
    }

    private func queue(_ response: HTTPResponse, for request: HTTPRequest, on conn: OpaquePointer) -> MHD_Result {
        let label = "\(request.method) \(request.target)"
        guard (100...999).contains(response.status) else {
            log?("responder returned status \(response.status) for \(label); sending 500")
            return cmhd_queue_response(conn, UInt32(MHD_HTTP_INTERNAL_SERVER_ERROR), internalError)
        }
        let made: OpaquePointer?
        switch response.body {
        case .bytes(let bytes):
            made = ResponseBytes.response(bytes)
        case .stream(let length, let open):
            let reader: HTTPResponse.ChunkReader
            do {
                reader = try open()
            } catch {
                log?("streamed body for \(label) could not be opened: \(error); sending 500")
                return cmhd_queue_response(conn, UInt32(MHD_HTTP_INTERNAL_SERVER_ERROR), internalError)
            }
            let source = Unmanaged.passRetained(StreamSource(next: reader, label: label, log: log)).toOpaque()
            let size = length.map { UInt64(max(0, $0)) } ?? UInt64.max   // MHD_SIZE_UNKNOWN: chunked
            made = cmhd_create_response_from_callback(size, 32 * 1024, StreamSource.reader, source, StreamSource.free)
            if made == nil { Unmanaged<StreamSource>.fromOpaque(source).release() }
        }
        guard let r = made else {
            log?("could not create the response for \(label) (out of memory?)")
            return .NO
        }
        defer { cmhd_destroy_response(r) }   // MHD_queue_response holds its own reference
        for field in response.headers {
            if HTTPHeaders.sameName(field.name, "Content-Length") || HTTPHeaders.sameName(field.name, "Transfer-Encoding") {
                continue   // MHD frames the body itself
            }
            guard Self.isSafeHeader(field), cmhd_add_response_header(r, field.name, field.value) == .YES else {
                log?("responder set an invalid header '\(field.name)' for \(label); sending 500")
                return cmhd_queue_response(conn, UInt32(MHD_HTTP_INTERNAL_SERVER_ERROR), internalError)
            }
        }
        return cmhd_queue_response(conn, UInt32(response.status), r)
    }

    private static func isSafeHeader(_ f: HTTPHeaders.Field) -> Bool {
        let forbidden: Set<UInt8> = [0, 10, 13]
        return !f.name.isEmpty
            && !f.name.utf8.contains(where: { forbidden.contains($0) || $0 == 32 || $0 == 58 || $0 == 9 })
            && !f.value.utf8.contains(where: { forbidden.contains($0) })
    }

    /// The request head's fields in the order received.
    static func headerFields(_ conn: OpaquePointer) -> [HTTPHeaders.Field] {
        var fields: [HTTPHeaders.Field] = []
        _ = withUnsafeMutablePointer(to: &fields) { p in
            cmhd_get_connection_values(conn, .HEADER_KIND, { cls, _, key, value in
                guard let cls, let key else { return .YES }
                let out = cls.assumingMemoryBound(to: [HTTPHeaders.Field].self)
                out.pointee.append(HTTPHeaders.Field(name: String(cString: key),
                                                     value: value.map { String(cString: $0) } ?? ""))
                return .YES
            }, p)
        }
        return fields
    }

    func remoteAddress(_ conn: OpaquePointer) -> String {
        var buf = [CChar](repeating: 0, count: 64)
        let rc = buf.withUnsafeMutableBufferPointer { mhd_shim_client_address(conn, $0.baseAddress, $0.count) }
        return rc == 0 ? buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) } : "unknown"
    }
}
