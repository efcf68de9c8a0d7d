import HTTPClient
import HTTPServer
import SyncProtocol
import Synchronization
import TestSupport
import ThrowawayTLS
import XCTest

/// The libcurl client against the libmicrohttpd server (and against sockets
/// that misbehave), loopback only. Every server is stopped in teardown.
final class HTTPClientTests: XCTestCase {
    /// Certificates shared by every test in the process.
    final class Certificates: Sendable {
        let ca: ThrowawayCA
        let server: ThrowawayCertificate
        let expiredServer: ThrowawayCertificate
        let client: ThrowawayCertificate
        let otherCA: ThrowawayCA
        let otherServer: ThrowawayCertificate

        init() throws {
            ca = try ThrowawayCA()
            server = try ca.serverCertificate()
            expiredServer = try ca.serverCertificate(validity: .expired)
            client = try ca.clientCertificate(commonName: "singapore")
            otherCA = try ThrowawayCA(name: "other-ca")
            otherServer = try otherCA.serverCertificate()
        }

        private static let made = Result { try Certificates() }
        static func shared() throws -> Certificates { try made.get() }
    }

    private var certs: Certificates!

    override func setUpWithError() throws {
        certs = try Certificates.shared()
    }

    private func startServer(certificate: ThrowawayCertificate? = nil, clientCA: Bool = false,
                             respond: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws -> HTTPServer {
        let leaf = certificate ?? certs.server
        var limits = HTTPServerLimits()
        limits.headerDeadline = .seconds(5)
        limits.requestDeadline = .seconds(10)
        let tls = HTTPServerTLS(certificatePEM: leaf.certificatePEM, privateKeyPEM: leaf.keyPEM,
                                clientCAPEM: clientCA ? certs.ca.caCertificatePEM : nil)
        let server = try HTTPServer(configuration: HTTPServerConfiguration(tls: tls, limits: limits), respond: respond)
        try server.start()
        addTeardownBlock { server.stop() }
        return server
    }

    private func configuration(_ server: HTTPServer, trust: HTTPClientTrust? = nil) throws -> HTTPClientConfiguration {
        var c = HTTPClientConfiguration(baseURL: try XCTUnwrap(server.url),
                                        trust: trust ?? .caBundle(path: certs.ca.caCertificatePath))
        c.connectTimeout = .seconds(5)
        c.requestTimeout = .seconds(20)
        return c
    }

    private static let hello: @Sendable (HTTPRequest) -> HTTPResponse = { r in .text("hello \(r.path)") }

    private func assertFails(_ code: HTTPClientError.Code, _ body: () throws -> ClientResponse,
                             file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            guard let e = error as? HTTPClientError else {
                return XCTFail("expected HTTPClientError, got \(error)", file: file, line: line)
            }
            XCTAssertEqual(e.code, code, "\(e)", file: file, line: line)
            XCTAssertTrue(e.description.contains("127.0.0.1"), "the error names the URL: \(e)", file: file, line: line)
        }
    }

    // MARK: - Loading

    /// A load of libcurl begun ahead (as a sync command begins it while its
    /// node opens) is waited for by the first client, may be begun twice
    /// (the second call does nothing), and `finishLoadingLibrary` joins its
    /// thread, at once when there is nothing left to join.
    func testLibraryLoadedAheadServesTheFirstClient() throws {
        HTTPClient.finishLoadingLibrary()   // nothing left from an earlier test
        XCTAssertFalse(HTTPClient.isLoadingLibraryPending)
        HTTPClient.startLoadingLibrary()
        HTTPClient.startLoadingLibrary()
        XCTAssertTrue(HTTPClient.isLoadingLibraryPending, "a thread loads libcurl until joined")
        let server = try startServer(respond: Self.hello)
        let response = try HTTPClient(configuration: configuration(server)).send(.get("/ahead"))
        XCTAssertEqual(response.bodyText, "hello /ahead")
        XCTAssertFalse(HTTPClient.isLoadingLibraryPending, "the first client joined the loading thread")
        HTTPClient.startLoadingLibrary()
        HTTPClient.finishLoadingLibrary()
        XCTAssertFalse(HTTPClient.isLoadingLibraryPending)
        HTTPClient.finishLoadingLibrary()
    }

    // MARK: - Trust

    func testCAVerificationSucceeds() throws {
        let server = try startServer(respond: Self.hello)
        let response = try HTTPClient(configuration: configuration(server)).send(.get("/ok"))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.bodyText, "hello /ok")
        XCTAssertTrue(response.isSuccess)
    }

    func testServerFromAnotherCAFailsVerification() throws {
        let server = try startServer(certificate: certs.otherServer, respond: Self.hello)
        let client = try HTTPClient(configuration: configuration(server))
        assertFails(.tlsVerificationFailed) { try client.send(.get("/")) }
    }

    func testExpiredServerCertificateFailsVerification() throws {
        let server = try startServer(certificate: certs.expiredServer, respond: Self.hello)
        let client = try HTTPClient(configuration: configuration(server))
        XCTAssertThrowsError(try client.send(.get("/"))) { error in
            XCTAssertEqual((error as? HTTPClientError)?.code, .tlsVerificationFailed, "\(error)")
            XCTAssertTrue("\(error)".lowercased().contains("expired"), "\(error)")
        }
    }

    func testMatchingPinSucceedsAloneAndWithCA() throws {
        let server = try startServer(respond: Self.hello)
        let pin = try certs.server.publicKeyPin()
        XCTAssertTrue(pin.hasPrefix("sha256//"))
        let pinned = try HTTPClient(configuration: configuration(server, trust: .pinnedKey(pin)))
        XCTAssertEqual(try pinned.send(.get("/pin")).status, 200)
        let both = try HTTPClient(configuration: configuration(
            server, trust: .caBundleAndPinnedKey(path: certs.ca.caCertificatePath, pin: pin)))
        XCTAssertEqual(try both.send(.get("/pin")).status, 200)
    }

    func testMismatchedPinFails() throws {
        let server = try startServer(respond: Self.hello)
        let wrong = try certs.otherServer.publicKeyPin()
        XCTAssertNotEqual(wrong, try certs.server.publicKeyPin())
        let pinned = try HTTPClient(configuration: configuration(server, trust: .pinnedKey(wrong)))
        assertFails(.pinnedKeyMismatch) { try pinned.send(.get("/")) }
        let both = try HTTPClient(configuration: configuration(
            server, trust: .caBundleAndPinnedKey(path: certs.ca.caCertificatePath, pin: wrong)))
        assertFails(.pinnedKeyMismatch) { try both.send(.get("/")) }
    }

    func testClientCertificateIsPresentedForMutualTLS() throws {
        let server = try startServer(clientCA: true) { r in .text(r.clientCertificateCommonName ?? "none") }
        var config = try configuration(server)
        config.clientCertificateFile = certs.client.certificatePath
        config.clientKeyFile = certs.client.keyPath
        XCTAssertEqual(try HTTPClient(configuration: config).send(.get("/who")).bodyText, "singapore")
    }

    // MARK: - Unreachable and stalled peers

    func testConnectionRefusedIsReported() throws {
        let closed = try LoopbackListener(listening: false)   // bound, not listening: connect is refused
        var config = HTTPClientConfiguration(baseURL: "https://127.0.0.1:\(closed.port)",
                                             trust: .caBundle(path: certs.ca.caCertificatePath))
        config.connectTimeout = .seconds(5)
        let client = try HTTPClient(configuration: config)
        assertFails(.connectionRefused) { try client.send(.get("/")) }
    }

    func testPeerThatNeverAnswersTimesOut() throws {
        let silent = try LoopbackListener(listening: true)
        var config = HTTPClientConfiguration(baseURL: "https://127.0.0.1:\(silent.port)",
                                             trust: .caBundle(path: certs.ca.caCertificatePath))
        config.connectTimeout = .seconds(1)
        config.requestTimeout = .seconds(3)
        let client = try HTTPClient(configuration: config)
        assertFails(.timedOut) { try client.send(.get("/")) }
    }

    func testStalledResponseTimesOut() throws {
        let server = try startServer { _ in
            .stream(length: 10) {
                var calls = 0
                return {
                    calls += 1
                    if calls == 1 { return [1, 2] }
                    usleep(2_500_000)   // stall mid-body (bounded)
                    return nil
                }
            }
        }
        var config = try configuration(server)
        config.requestTimeout = .seconds(1)
        let client = try HTTPClient(configuration: config)
        assertFails(.timedOut) { try client.send(.get("/stall")) }
    }

    // MARK: - Responses the client must not trust or follow

    func testResponseOverTheCapIsRefused() throws {
        let big = [UInt8](repeating: 42, count: 300_000)
        let server = try startServer { r in
            r.path == "/known" ? HTTPResponse(status: 200, body: big)
                               : .stream(chunks: Array(repeating: [UInt8](repeating: 1, count: 50_000), count: 6),
                                         announceLength: false)
        }
        var config = try configuration(server)
        config.maxResponseBytes = 100_000
        let client = try HTTPClient(configuration: config)
        assertFails(.responseTooLarge) { try client.send(.get("/known")) }
        assertFails(.responseTooLarge) { try client.send(.get("/chunked")) }
        var seen = 0
        assertFails(.responseTooLarge) { try client.send(.get("/chunked")) { seen += $0.count } }
        XCTAssertLessThanOrEqual(seen, 100_000)
        // The handle is still usable afterwards.
        config.maxResponseBytes = 1 << 20
        XCTAssertEqual(try HTTPClient(configuration: config).send(.get("/known")).body, big)
    }

    func testPerRequestCapAndTimeoutAreTighterBounds() throws {
        let server = try startServer { r in
            switch r.path {
            case "/announced": return .stream(length: 1 << 30) { let c = [UInt8](repeating: 1, count: 65_536); return { c } }
            case "/slow":   // 20 KB/s, for 5 s at most
                return .stream {
                    let until = Date().addingTimeInterval(5)
                    return {
                        Thread.sleep(forTimeInterval: 0.05)
                        return Date() < until ? [UInt8](repeating: 1, count: 1024) : nil
                    }
                }
            default: return .stream { let c = [UInt8](repeating: 1, count: 65_536); return { c } }   // endless, chunked
            }
        }
        let client = try HTTPClient(configuration: try configuration(server))
        var endless = ClientRequest.get("/endless")
        endless.maxResponseBytes = 200_000
        assertFails(.responseTooLarge) { try client.send(endless) }
        do {
            _ = try client.send(endless)
        } catch let e as HTTPClientError {
            XCTAssertTrue(e.reason.contains("larger than the 200000-byte limit"), e.reason)
        }
        var announced = ClientRequest.get("/announced")
        announced.maxResponseBytes = 200_000
        do {
            _ = try client.send(announced)
            XCTFail("a Content-Length over the cap must fail")
        } catch let e as HTTPClientError {
            XCTAssertEqual(e.code, .responseTooLarge)
            XCTAssertTrue(e.reason.contains("Content-Length announced 1073741824 bytes"), e.reason)
            XCTAssertTrue(e.reason.contains("cut off after 0 bytes"), e.reason)
        }
        // A per-request timeout ends an endless body well before the configured one.
        var timed = ClientRequest.get("/slow")
        timed.timeout = .milliseconds(300)
        let started = Date()
        assertFails(.timedOut) { try client.send(timed) { _ in } }
        XCTAssertLessThan(Date().timeIntervalSince(started), 10, "generous bound")
    }

    func testRedirectIsNotFollowed() throws {
        let hits = Mutex<[String]>([])
        let server = try startServer { r in
            hits.withLock { $0.append(r.path) }
            return HTTPResponse(status: 302, headers: ["Location": "/elsewhere"], body: Array("moved".utf8))
        }
        let response = try HTTPClient(configuration: configuration(server)).send(.get("/start"))
        XCTAssertEqual(response.status, 302)
        XCTAssertEqual(response.headers["location"], "/elsewhere")
        XCTAssertEqual(hits.withLock { $0 }, ["/start"])
    }

    func testServerErrorStatusIsSurfaced() throws {
        let server = try startServer { _ in .text("boom", status: 500) }
        let response = try HTTPClient(configuration: configuration(server)).send(.get("/fail"))
        XCTAssertEqual(response.status, 500)
        XCTAssertFalse(response.isSuccess)
        XCTAssertEqual(response.bodyText, "boom")
    }

    func testTruncatedBodyIsAnError() throws {
        struct Gone: Error {}
        let server = try startServer { _ in
            .stream(length: 50_000) {
                var calls = 0
                return {
                    calls += 1
                    if calls == 1 { return [UInt8](repeating: 9, count: 20_000) }
                    throw Gone()
                }
            }
        }
        let client = try HTTPClient(configuration: configuration(server))
        assertFails(.peerClosedEarly) { try client.send(.get("/cut")) }
    }

    // MARK: - Streaming

    func testStreamingDeliversChunksAndKeepsErrorBodies() throws {
        let payload = (0..<200_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let server = try startServer { r in
            r.path == "/page" ? .stream(chunks: [Array(payload[..<100_000]), Array(payload[100_000...])],
                                        announceLength: false)
                              : .text("no such page", status: 404)
        }
        let client = try HTTPClient(configuration: configuration(server))
        var collected: [UInt8] = []
        var calls = 0
        let ok = try client.send(.get("/page")) { chunk in
            collected += chunk
            calls += 1
        }
        XCTAssertEqual(ok.status, 200)
        XCTAssertEqual(collected, payload)
        XCTAssertGreaterThan(calls, 1, "the body arrives in several chunks")
        XCTAssertEqual(ok.body, [])

        var errorChunks = 0
        let missing = try client.send(.get("/missing")) { _ in errorChunks += 1 }
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.bodyText, "no such page")
        XCTAssertEqual(errorChunks, 0, "non-2xx bodies are not streamed")
    }

    func testConsumerErrorAbortsAndIsRethrown() throws {
        struct ParseFailed: Error, Equatable {}
        let server = try startServer { _ in HTTPResponse(status: 200, body: [UInt8](repeating: 3, count: 200_000)) }
        let client = try HTTPClient(configuration: configuration(server))
        XCTAssertThrowsError(try client.send(.get("/page")) { _ in throw ParseFailed() }) { error in
            XCTAssertEqual(error as? ParseFailed, ParseFailed())
        }
        XCTAssertEqual(try client.send(.get("/again")).body.count, 200_000, "the handle recovers")
    }

    // MARK: - Requests and configuration

    func testMethodsBodiesAndHeadersAreSent() throws {
        let server = try startServer { r in
            .text("\(r.method) \(r.target) ct=\(r.headers["Content-Type"] ?? "-") x=\(r.headers["X-Node"] ?? "-") "
                  + "len=\(r.body.count)")
        }
        let client = try HTTPClient(configuration: configuration(server))
        XCTAssertEqual(try client.send(.post("/a?b=c", body: [1, 2, 3])).bodyText, "POST /a?b=c ct=- x=- len=3")
        XCTAssertEqual(try client.send(ClientRequest(method: "PUT", target: "/p", headers: ["X-Node": "birmingham",
                                                                                           "Content-Type": "application/json"],
                                                     body: Array("{}".utf8))).bodyText,
                       "PUT /p ct=application/json x=birmingham len=2")
        XCTAssertEqual(try client.send(ClientRequest(method: "DELETE", target: "/d")).bodyText, "DELETE /d ct=- x=- len=0")
        XCTAssertEqual(try client.send(.get("/g")).bodyText, "GET /g ct=- x=- len=0")
        let head = try client.send(ClientRequest(method: "HEAD", target: "/h"))
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.body, [])
        XCTAssertEqual(try client.send(.get("/after-head")).bodyText, "GET /after-head ct=- x=- len=0")
        XCTAssertEqual(server.acceptedConnections, 1, "one connection for every request")
    }

    func testConfigurationMistakesAreRefused() throws {
        func refused(_ config: HTTPClientConfiguration, file: StaticString = #filePath, line: UInt = #line) {
            XCTAssertThrowsError(try HTTPClient(configuration: config), file: file, line: line) {
                XCTAssertEqual(($0 as? HTTPClientError)?.code, .invalidConfiguration, "\($0)", file: file, line: line)
            }
        }
        refused(HTTPClientConfiguration(baseURL: "http://192.0.2.1:80", trust: .systemCAs))
        var plain = HTTPClientConfiguration(baseURL: "http://192.0.2.1:80", trust: .systemCAs)
        plain.allowPlainHTTPOnLoopback = true
        refused(plain)
        refused(HTTPClientConfiguration(baseURL: "http://127.0.0.1:80", trust: .systemCAs))
        refused(HTTPClientConfiguration(baseURL: "ftp://127.0.0.1", trust: .systemCAs))
        refused(HTTPClientConfiguration(baseURL: "https://127.0.0.1", trust: .pinnedKey("abc")))
        refused(HTTPClientConfiguration(baseURL: "https://127.0.0.1", trust: .systemCAs, clientCertificateFile: "/x"))
        var loopback = HTTPClientConfiguration(baseURL: "http://[::1]:8080", trust: .systemCAs)
        loopback.allowPlainHTTPOnLoopback = true
        XCTAssertNoThrow(try HTTPClient(configuration: loopback))
    }

    func testMissingCABundleIsALocalProblem() throws {
        let server = try startServer(respond: Self.hello)
        let client = try HTTPClient(configuration: configuration(server, trust: .caBundle(path: "/nonexistent/ca.pem")))
        assertFails(.localCertificateProblem) { try client.send(.get("/")) }
    }
}
