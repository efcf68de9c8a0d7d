internal import CMicroHTTPD
import SyncProtocol
import Synchronization

/// An HTTPS (TLS 1.3 only) server on GNU libmicrohttpd, hardened for
/// untrusted peers: absolute deadlines against slow clients, a framing check
/// against request smuggling, body and memory limits, strict parsing, and
/// optional required client certificates.
///
/// Requests are handed to an `HTTPResponder` on a worker thread. Usage:
///
///     let server = try HTTPServer(configuration: .init(tls: tls)) { request in
///         .text("hello \(request.path)")
///     }
///     let port = try server.start()
///     defer { server.stop() }
package final class HTTPServer: Sendable {
    package let configuration: HTTPServerConfiguration
    private let responder: any HTTPResponder
    private let address: ListenAddress

    private struct Running {
        let daemon: OpaquePointer
        let context: ServerContext
        let port: UInt16
    }
    private let running = Mutex<Running?>(nil)

    /// Validates the configuration; nothing listens until `start()`.
    /// - Throws: `HTTPServerError` with `.invalidConfiguration` (bad host or
    ///   limits) or `.plainHTTPRefused` (no TLS without the explicit flag, or
    ///   plain HTTP on a non-loopback address).
    package init(configuration: HTTPServerConfiguration, responder: some HTTPResponder) throws {
        guard let address = ListenAddress(configuration.host) else {
            throw HTTPServerError(.invalidConfiguration,
                                  "listen host '\(configuration.host)' is not a numeric IP address; use e.g. 127.0.0.1, ::1 or 0.0.0.0")
        }
        if let problem = configuration.limits.problem() {
            throw HTTPServerError(.invalidConfiguration, "invalid server limits: \(problem)")
        }
        if configuration.tls == nil {
            guard configuration.allowPlainHTTPOnLoopback else {
                throw HTTPServerError(.plainHTTPRefused,
                                      "no TLS certificate configured for \(configuration.host); plain HTTP needs "
                                      + "HTTPServerConfiguration.plainHTTPOnLoopback and a loopback address")
            }
            guard address.isLoopback else {
                throw HTTPServerError(.plainHTTPRefused,
                                      "plain HTTP refused on \(configuration.host): it is only allowed on a loopback "
                                      + "address (127.0.0.1, ::1). Configure a TLS certificate to listen there.")
            }
        }
        self.configuration = configuration
        self.responder = responder
        self.address = address
    }

    /// Same, with a closure as responder.
    package convenience init(configuration: HTTPServerConfiguration,
                            respond: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws {
        try self.init(configuration: configuration, responder: HTTPClosureResponder(respond))
    }

    deinit { stop() }

    /// Binds and starts serving.
    /// - Returns: the bound port (useful with port 0).
    /// - Throws: `HTTPServerError` `.startFailed` naming the address and
    ///   libmicrohttpd's reason (port in use, certificate and key do not match,
    ///   ...), or `.alreadyRunning`.
    @discardableResult
    package func start() throws -> UInt16 {
        try running.withLock { running in
            if let r = running {
                throw HTTPServerError(.alreadyRunning,
                                      "the server on \(configuration.url(port: r.port)) is already running; stop() it first")
            }
            let context = try ServerContext(configuration: configuration, responder: responder)
            let (daemon, port) = try context.startDaemon(address: address)
            do {
                try context.watchdog.start()
            } catch {
                cmhd_stop_daemon(daemon)
                throw error
            }
            running = Running(daemon: daemon, context: context, port: port)
            return port
        }
    }

    /// Stops listening, closes every connection and waits for the workers.
    /// Idempotent; also called from `deinit`. Must not be called from a responder.
    package func stop() {
        guard let r = running.withLock({ r -> Running? in defer { r = nil }; return r }) else { return }
        cmhd_stop_daemon(r.daemon)   // joins MHD's threads: no callback runs after this
        r.context.watchdog.stop()
        withExtendedLifetime(r.context) {}
    }

    /// The port actually bound, or nil when not running.
    package var boundPort: UInt16? { running.withLock { $0?.port } }

    /// `https://127.0.0.1:PORT` while running, else nil.
    package var url: String? { boundPort.map { configuration.url(port: $0) } }

    /// Connections cut off by a deadline since `start()` (diagnostics, tests).
    package var deadlineCutOffs: Int {
        running.withLock { $0?.context.watchdog.cutOffCount.load(ordering: .relaxed) ?? 0 }
    }

    /// Connections closed or refused by the per-address limit since `start()`
    /// (diagnostics, tests): evicted idle-partial ones plus refused new ones.
    package var perAddressLimitClosures: (evicted: Int, refused: Int) {
        running.withLock { r in
            guard let w = r?.context.watchdog else { return (0, 0) }
            return (w.evictedCount.load(ordering: .relaxed), w.refusedCount.load(ordering: .relaxed))
        }
    }

    /// Connections accepted since `start()` (diagnostics, tests).
    package var acceptedConnections: Int {
        running.withLock { $0?.context.acceptedConnections.load(ordering: .relaxed) ?? 0 }
    }

    /// Per-request states alive in the process (tests prove none leak).
    static var liveRequestStates: Int { RequestState.live.load(ordering: .relaxed) }

    /// Response bodies handed to MHD without a copy and not yet freed by it (tests prove none leak).
    static var liveResponseBodies: Int { ResponseBytes.live.load(ordering: .relaxed) }
}
