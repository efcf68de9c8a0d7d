@testable import HTTPServer
import HTTPClient
import SyncProtocol
import TestSupport
import ThrowawayTLS
import Synchronization
import XCTest

/// End-to-end tests over loopback TLS: libcurl client or raw python client
/// against the libmicrohttpd server. Every server is stopped in teardown.
final class HTTPServerTests: XCTestCase {
    private var fixture: ServerTestFixture!

    override func setUpWithError() throws {
        fixture = try ServerTestFixture.shared()
    }

    // MARK: - Helpers

    private func startServer(limits: HTTPServerLimits = ServerTestFixture.testLimits(),
                             requireClientCertificates: Bool = false,
                             log: LogSink? = nil,
                             respond: @escaping @Sendable (HTTPRequest) -> HTTPResponse) throws -> HTTPServer {
        var logger: (@Sendable (String) -> Void)? = nil
        if let log { logger = { log.add($0) } }
        let config = HTTPServerConfiguration(tls: fixture.tls(requireClientCertificates: requireClientCertificates),
                                             limits: limits, log: logger)
        let server = try HTTPServer(configuration: config, respond: respond)
        try server.start()
        addTeardownBlock { server.stop() }
        return server
    }

    private func client(for server: HTTPServer, certificate: ThrowawayCertificate? = nil) throws -> HTTPClient {
        var config = HTTPClientConfiguration(baseURL: try XCTUnwrap(server.url),
                                             trust: .caBundle(path: fixture.ca.caCertificatePath),
                                             clientCertificateFile: certificate?.certificatePath,
                                             clientKeyFile: certificate?.keyPath)
        config.connectTimeout = .seconds(5)
        config.requestTimeout = .seconds(20)
        return try HTTPClient(configuration: config)
    }

    private func raw(_ server: HTTPServer, certificate: ThrowawayCertificate? = nil,
                     maxTLSVersion: TLSRawClient.TLSVersion = .tls13) throws -> TLSRawClient {
        TLSRawClient(port: try XCTUnwrap(server.boundPort), caFile: fixture.ca.caCertificatePath,
                     clientCertificateFile: certificate?.certificatePath, clientKeyFile: certificate?.keyPath,
                     maxTLSVersion: maxTLSVersion, readTimeout: 3, maxDuration: 15)
    }

    /// Answers with a description of the request it saw.
    private static let echo: @Sendable (HTTPRequest) -> HTTPResponse = { r in
        var lines = ["method=\(r.method)", "path=\(r.path)", "target=\(r.target)", "remote=\(r.remoteAddress)"]
        lines += r.queryItems.map { "query \($0.name)=\($0.value)" }
        lines.append("x-test=\(r.headers["x-TEST"] ?? "-")")
        lines.append("subject=\(r.clientCertificateSubject ?? "-") cn=\(r.clientCertificateCommonName ?? "-")")
        lines.append("body=\(r.bodyText)")
        return .text(lines.joined(separator: "\n") + "\n")
    }

    private static func request(_ text: String) -> [UInt8] { Array(text.utf8) }

    // MARK: - Round trips

    func testGetRoundTripOverTLSDecodesTargetAndHeaders() throws {
        let server = try startServer(respond: Self.echo)
        let client = try client(for: server)
        let response = try client.send(.get("/a%20b/c?x=1&name=new+york&flag&x=2", headers: ["X-Test": "yes"]))
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.headers["content-type"], "text/plain; charset=utf-8")
        XCTAssertEqual(response.bodyText, """
            method=GET
            path=/a b/c
            target=/a%20b/c?x=1&name=new+york&flag&x=2
            remote=127.0.0.1
            query x=1
            query name=new york
            query flag=
            query x=2
            x-test=yes
            subject=- cn=-
            body=

            """)
    }

    func testPostBodyReachesResponderAndBinaryBodyComesBack() throws {
        let server = try startServer { r in
            HTTPResponse(status: 201, headers: ["Content-Type": "application/octet-stream"], body: r.body.reversed())
        }
        let client = try client(for: server)
        let body = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let response = try client.send(.post("/upload", body: body))
        XCTAssertEqual(response.status, 201)
        XCTAssertEqual(response.body, Array(body.reversed()))
    }

    func testKeepAliveServesManyRequestsOnOneConnection() throws {
        let server = try startServer { r in .text("n=\(r.query("n") ?? "")") }
        let client = try client(for: server)
        for n in 0..<40 {
            let method = n.isMultiple(of: 2) ? "GET" : "POST"
            let response = try client.send(ClientRequest(method: method, target: "/count?n=\(n)",
                                                         body: method == "POST" ? [1, 2, 3] : []))
            XCTAssertEqual(response.status, 200)
            XCTAssertEqual(response.bodyText, "n=\(n)")
            XCTAssertNil(response.headers["Connection"].flatMap { $0.lowercased() == "close" ? $0 : nil })
        }
        XCTAssertEqual(server.acceptedConnections, 1, "every request should reuse the first connection")
    }

    func testStreamedResponsesWithAndWithoutLength() throws {
        let chunks: [[UInt8]] = (0..<9).map { i in [UInt8](repeating: UInt8(65 + i), count: 70_000 + i) }
        let whole = chunks.flatMap { $0 }
        let server = try startServer { r in
            switch r.path {
            case "/known": return .stream(chunks: chunks)
            case "/chunked": return .stream(headers: ["Content-Type": "application/x-test"], chunks: chunks,
                                            announceLength: false)
            default: return .text("none", status: 404)
            }
        }
        let client = try client(for: server)
        let known = try client.send(.get("/known"))
        XCTAssertEqual(known.status, 200)
        XCTAssertEqual(known.headers["Content-Length"], String(whole.count))
        XCTAssertEqual(known.body, whole)

        var pieces: [UInt8] = []
        let chunked = try client.send(.get("/chunked")) { pieces += $0 }
        XCTAssertEqual(chunked.status, 200)
        XCTAssertNil(chunked.headers["Content-Length"])
        XCTAssertEqual(chunked.headers["Transfer-Encoding"]?.lowercased(), "chunked")
        XCTAssertEqual(chunked.headers["Content-Type"], "application/x-test")
        XCTAssertEqual(chunked.body, [], "a streamed 2xx body goes to the consumer only")
        XCTAssertEqual(pieces, whole)
    }

    func testStreamThatCannotOpenGives500AndFailingReaderTruncates() throws {
        struct Broken: Error {}
        let server = try startServer { r in
            if r.path == "/no-open" { return .stream { throw Broken() } }
            return .stream(length: 100_000) {
                var sent = 0
                return {
                    sent += 1
                    if sent > 2 { throw Broken() }
                    return [UInt8](repeating: 7, count: 10_000)
                }
            }
        }
        let client = try client(for: server)
        XCTAssertEqual(try client.send(.get("/no-open")).status, 500)
        XCTAssertThrowsError(try client.send(.get("/midway"))) { error in
            XCTAssertEqual((error as? HTTPClientError)?.code, .peerClosedEarly, "\(error)")
        }
    }

    // MARK: - Hostile clients

    func testTricklingClientIsCutOffAtHeaderDeadlineWhileOthersAreServed() throws {
        let log = LogSink()
        let server = try startServer(log: log, respond: Self.echo)
        let head = Self.request("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + String(repeating: "a", count: 40) + "\r\n\r\n")
        // One byte per second; the head deadline is 2 s, the client gives up after 15 s.
        let slow = try raw(server).start(prefix: [], trickle: head, interval: 1)
        let client = try client(for: server)
        let fast = try client.send(.get("/fast"))
        XCTAssertEqual(fast.status, 200, "another client must be served while one trickles")
        let result = try slow.wait()
        XCTAssertNil(result.handshakeError)
        XCTAssertTrue(result.closedByServer, "\(result)")
        XCTAssertLessThan(result.bytesSent, head.count, "cut off before the head was complete: \(result)")
        XCTAssertEqual(result.statusCodes, [])
        XCTAssertGreaterThanOrEqual(server.deadlineCutOffs, 1)
        XCTAssertTrue(log.all.contains { $0.contains("request head deadline") }, "\(log.all)")
    }

    func testTricklingBodyIsCutOffAtRequestDeadline() throws {
        let server = try startServer(respond: Self.echo)
        let head = Self.request("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 40\r\n\r\n")
        let slow = try raw(server).start(prefix: head, trickle: [UInt8](repeating: 98, count: 40), interval: 0.5)
        let result = try slow.wait()
        XCTAssertTrue(result.closedByServer, "\(result)")
        XCTAssertLessThan(result.bytesSent, head.count + 40, "\(result)")
        XCTAssertEqual(result.statusCodes, [])
        XCTAssertGreaterThanOrEqual(server.deadlineCutOffs, 1)
    }

    func testDuplicateContentLengthIsRefusedWith400AndClose() throws {
        let server = try startServer(respond: Self.echo)
        let result = try raw(server).exchange(Self.request(
            "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 10\r\n\r\n"
                + "helloGET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
        XCTAssertEqual(result.statusCodes, [400], "exactly one answer, the smuggled GET is never served: \(result)")
        XCTAssertTrue(result.closedByServer, "\(result)")
        XCTAssertFalse(result.text.contains("smuggled"))
    }

    func testContentLengthWithTransferEncodingIsRefusedWith400AndClose() throws {
        let server = try startServer(respond: Self.echo)
        let result = try raw(server).exchange(Self.request(
            "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n"))
        XCTAssertEqual(result.statusCodes, [400], "\(result)")
        XCTAssertTrue(result.closedByServer, "\(result)")
    }

    func testTransferEncodingOtherThanChunkedIsRefusedWith400AndClose() throws {
        let server = try startServer(respond: Self.echo)
        let result = try raw(server).exchange(Self.request(
            "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\nhello"))
        XCTAssertEqual(result.statusCodes, [400], "\(result)")
        XCTAssertTrue(result.closedByServer, "\(result)")
    }

    func testChunkedBodyIsStillAccepted() throws {
        let server = try startServer(respond: Self.echo)
        let result = try raw(server).exchange(Self.request(
            "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"))
        XCTAssertEqual(result.statusCodes, [200], "\(result)")
        XCTAssertTrue(result.text.contains("body=hello world"), "\(result)")
    }

    func testContentLengthOverLimitGets413BeforeTheBody() throws {
        let server = try startServer(respond: Self.echo)
        let result = try raw(server).exchange(Self.request(
            "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 70000\r\n\r\n"))
        XCTAssertEqual(result.statusCodes.first, 413, "\(result)")
        XCTAssertTrue(result.closedByServer, "\(result)")

        // Through libcurl too (it sends Expect: 100-continue for large bodies).
        let client = try client(for: server)
        XCTAssertEqual(try client.send(.post("/x", body: [UInt8](repeating: 1, count: 70_000))).status, 413)
        // Exactly at the limit is fine.
        let ok = try client.send(.post("/x", body: [UInt8](repeating: 65, count: 64 * 1024)))
        XCTAssertEqual(ok.status, 200)
    }

    func testChunkedBodyOverLimitIsCutOff() throws {
        let server = try startServer(respond: Self.echo)
        let chunk = String(repeating: "z", count: 0x8000)
        let body = (0..<3).map { _ in "8000\r\n" + chunk + "\r\n" }.joined() + "0\r\n\r\n"
        let result = try raw(server).exchange(Self.request(
            "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n\r\n" + body))
        XCTAssertFalse(result.statusCodes.contains(200), "\(result)")
        XCTAssertTrue(result.closedByServer, "\(result)")
    }

    func testOversizedHeadIsRefusedWith431() throws {
        let server = try startServer(respond: Self.echo)
        let result = try raw(server).exchange(Self.request(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + String(repeating: "a", count: 40_000) + "\r\n\r\n"))
        XCTAssertEqual(result.statusCodes.first, 431, "\(result)")
    }

    func testTLS12IsRefused() throws {
        let server = try startServer(respond: Self.echo)
        let result = try raw(server, maxTLSVersion: .tls12).exchange(Self.request("GET / HTTP/1.1\r\nHost: x\r\n\r\n"))
        XCTAssertNotNil(result.handshakeError, "a TLS 1.2 client must not complete the handshake: \(result)")
        XCTAssertEqual(result.statusCodes, [])
        // The same server speaks TLS 1.3 fine.
        let ok = try raw(server).exchange(Self.request("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        XCTAssertEqual(ok.statusCodes, [200], "\(ok)")
    }

    // MARK: - Mutual TLS

    func testMutualTLSRefusesMissingAndForeignCertificates() throws {
        let server = try startServer(requireClientCertificates: true, respond: Self.echo)
        let get = Self.request("GET /who HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        let none = try raw(server).exchange(get)
        XCTAssertEqual(none.statusCodes, [], "no client certificate: no HTTP answer at all: \(none)")
        XCTAssertTrue(none.closedByServer || none.handshakeError != nil, "\(none)")

        let foreign = try raw(server, certificate: fixture.rogueClient).exchange(get)
        XCTAssertEqual(foreign.statusCodes, [], "certificate from another CA: \(foreign)")
        XCTAssertTrue(foreign.closedByServer || foreign.handshakeError != nil, "\(foreign)")

        let libcurl = try client(for: server)
        XCTAssertThrowsError(try libcurl.send(.get("/who")), "libcurl without a client certificate")
    }

    func testMutualTLSAcceptsGoodCertificateAndPassesSubject() throws {
        let server = try startServer(requireClientCertificates: true, respond: Self.echo)
        let good = try raw(server, certificate: fixture.client).exchange(
            Self.request("GET /who HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"))
        XCTAssertEqual(good.statusCodes, [200], "\(good)")
        XCTAssertTrue(good.text.contains("subject=CN=birmingham cn=birmingham"), "\(good)")

        let client = try client(for: server, certificate: fixture.client)
        let response = try client.send(.get("/who"))
        XCTAssertEqual(response.status, 200)
        XCTAssertTrue(response.bodyText.contains("subject=CN=birmingham cn=birmingham"), response.bodyText)
    }

    // MARK: - Configuration and lifecycle

    func testPlainHTTPIsRefusedOffLoopbackAndWithoutTheFlag() throws {
        XCTAssertThrowsError(try HTTPServer(configuration: .plainHTTPOnLoopback(host: "0.0.0.0"), respond: Self.echo)) {
            XCTAssertEqual(($0 as? HTTPServerError)?.code, .plainHTTPRefused)
            XCTAssertTrue("\($0)".contains("0.0.0.0"), "\($0)")
        }
        XCTAssertThrowsError(try HTTPServer(configuration: .plainHTTPOnLoopback(host: "192.0.2.1"), respond: Self.echo)) {
            XCTAssertEqual(($0 as? HTTPServerError)?.code, .plainHTTPRefused)
        }
        var sneaky = HTTPServerConfiguration(tls: fixture.tls())
        sneaky.tls = nil
        XCTAssertThrowsError(try HTTPServer(configuration: sneaky, respond: Self.echo)) {
            XCTAssertEqual(($0 as? HTTPServerError)?.code, .plainHTTPRefused)
        }
    }

    func testPlainHTTPWorksOnLoopbackWithTheFlag() throws {
        let server = try HTTPServer(configuration: .plainHTTPOnLoopback(limits: ServerTestFixture.testLimits()),
                                    respond: Self.echo)
        try server.start()
        defer { server.stop() }
        XCTAssertTrue(server.url?.hasPrefix("http://127.0.0.1:") ?? false)
        var config = HTTPClientConfiguration(baseURL: try XCTUnwrap(server.url), trust: .systemCAs)
        config.allowPlainHTTPOnLoopback = true
        let response = try HTTPClient(configuration: config).send(.get("/plain"))
        XCTAssertEqual(response.status, 200)
        XCTAssertTrue(response.bodyText.contains("path=/plain"))
    }

    func testIPv6LoopbackWorks() throws {
        let config = HTTPServerConfiguration(host: "::1", tls: fixture.tls(), limits: ServerTestFixture.testLimits())
        let server = try HTTPServer(configuration: config, respond: Self.echo)
        do {
            try server.start()
        } catch let error as HTTPServerError where error.code == .startFailed {
            throw XCTSkip("no IPv6 loopback on this machine: \(error)")
        }
        defer { server.stop() }
        let url = try XCTUnwrap(server.url)
        XCTAssertTrue(url.hasPrefix("https://[::1]:"), url)
        let client = try HTTPClient(configuration: HTTPClientConfiguration(
            baseURL: url, trust: .caBundle(path: fixture.ca.caCertificatePath)))
        let response = try client.send(.get("/six"))
        XCTAssertEqual(response.status, 200)
        XCTAssertTrue(response.bodyText.contains("remote=::1"), response.bodyText)
    }

    func testInvalidHostAndLimitsAreRefused() {
        XCTAssertThrowsError(try HTTPServer(configuration: HTTPServerConfiguration(host: "example.org", tls: fixture.tls()),
                                            respond: Self.echo)) {
            XCTAssertEqual(($0 as? HTTPServerError)?.code, .invalidConfiguration)
        }
        var limits = HTTPServerLimits()
        limits.threadPoolSize = 0
        XCTAssertThrowsError(try HTTPServer(configuration: HTTPServerConfiguration(tls: fixture.tls(), limits: limits),
                                            respond: Self.echo)) {
            XCTAssertEqual(($0 as? HTTPServerError)?.code, .invalidConfiguration)
            XCTAssertTrue("\($0)".contains("threadPoolSize"))
        }
    }

    func testStartFailuresNameTheAddressAndReason() throws {
        let first = try startServer(respond: Self.echo)
        let port = try XCTUnwrap(first.boundPort)
        let clash = try HTTPServer(configuration: HTTPServerConfiguration(port: port, tls: fixture.tls()), respond: Self.echo)
        XCTAssertThrowsError(try clash.start()) { error in
            XCTAssertEqual((error as? HTTPServerError)?.code, .startFailed)
            XCTAssertTrue("\(error)".contains("127.0.0.1:\(port)"), "\(error)")
            XCTAssertTrue("\(error)".contains("Check that the port is free"), "\(error)")
        }
        XCTAssertNil(clash.boundPort)

        let other = try fixture.ca.serverCertificate()
        let mismatched = HTTPServerTLS(certificatePEM: fixture.server.certificatePEM, privateKeyPEM: other.keyPEM)
        let bad = try HTTPServer(configuration: HTTPServerConfiguration(tls: mismatched), respond: Self.echo)
        XCTAssertThrowsError(try bad.start()) { error in
            XCTAssertEqual((error as? HTTPServerError)?.code, .startFailed)
            XCTAssertTrue("\(error)".contains("certificate and key match"), "\(error)")
        }
    }

    func testLifecycleStartStopRestart() throws {
        let server = try HTTPServer(configuration: HTTPServerConfiguration(tls: fixture.tls(),
                                                                           limits: ServerTestFixture.testLimits()),
                                    respond: Self.echo)
        XCTAssertNil(server.boundPort)
        let port = try server.start()
        XCTAssertNotEqual(port, 0)
        XCTAssertEqual(server.boundPort, port)
        XCTAssertThrowsError(try server.start()) { XCTAssertEqual(($0 as? HTTPServerError)?.code, .alreadyRunning) }
        XCTAssertEqual(try client(for: server).send(.get("/one")).status, 200)
        server.stop()
        server.stop()
        XCTAssertNil(server.boundPort)
        try server.start()
        defer { server.stop() }
        XCTAssertEqual(try client(for: server).send(.get("/two")).status, 200)
    }

    func testTLSFilesAreReadEagerlyWithClearErrors() throws {
        XCTAssertThrowsError(try HTTPServerTLS(certificateFile: "/nonexistent/server.crt",
                                               privateKeyFile: fixture.server.keyPath)) { error in
            XCTAssertEqual((error as? HTTPServerError)?.code, .unreadableFile)
            XCTAssertTrue("\(error)".contains("/nonexistent/server.crt"))
        }
        let tls = try HTTPServerTLS(certificateFile: fixture.server.certificatePath, privateKeyFile: fixture.server.keyPath,
                                    clientCAFile: fixture.ca.caCertificatePath)
        XCTAssertEqual(tls.certificatePEM, fixture.server.certificatePEM)
        XCTAssertEqual(tls.clientCAPEM, fixture.ca.caCertificatePEM)
    }

    func testNoRequestStateLeaksAfterRefusalsAndStop() throws {
        do {
            let server = try startServer(respond: Self.echo)
            let client = try client(for: server)
            for _ in 0..<5 { _ = try client.send(.get("/ok")) }
            _ = try raw(server).exchange(Self.request("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n"))
            _ = try raw(server).exchange(Self.request(
                "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + String(repeating: "a", count: 40_000) + "\r\n\r\n"))
            server.stop()
        }
        XCTAssertEqual(HTTPServer.liveRequestStates, 0)
    }

    func testOneBodyAnsweredManyTimesWithoutCopiesArrivesWholeAndIsFreed() throws {
        // A kept page: the same array answered to many requests at once, sent by MHD from its storage.
        var rng = SystemRandomNumberGenerator()
        let page = (0..<(300 * 1024)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        do {
            let server = try startServer { _ in HTTPResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: page) }
            let url = try XCTUnwrap(server.url), ca = fixture.ca.caCertificatePath
            let wrong = Atomic<Int>(0)
            DispatchQueue.concurrentPerform(iterations: 6) { _ in
                let config = HTTPClientConfiguration(baseURL: url, trust: .caBundle(path: ca))
                let client = try? HTTPClient(configuration: config)
                for _ in 0..<5 where (try? client?.send(.get("/page")))?.body != page { wrong.add(1, ordering: .relaxed) }
            }
            XCTAssertEqual(wrong.load(ordering: .relaxed), 0, "a body arrived altered or not at all")
            let empty = try startServer { _ in HTTPResponse(status: 200, headers: [:], body: []) }
            XCTAssertEqual(try client(for: empty).send(.get("/")).body, [])
            server.stop()
            empty.stop()
        }
        XCTAssertEqual(HTTPServer.liveResponseBodies, 0, "MHD freed every body it was lent")
    }

    /// The body is lent to libmicrohttpd, not copied: while a client that
    /// reads nothing holds a 32 MiB answer part-way out (more than the
    /// loopback socket buffers take), the server still holds our body; a
    /// copy (RESPMEM_MUST_COPY) would have been freed when it was made.
    func testALargeBodyStaysLentToLibmicrohttpdUntilTheClientGoes() throws {
        let big = [UInt8](repeating: UInt8(ascii: "a"), count: 32 << 20)
        XCTAssertEqual(HTTPServer.liveResponseBodies, 0, "no body left from an earlier test")
        let server = try HTTPServer(configuration: .plainHTTPOnLoopback(limits: ServerTestFixture.testLimits(), log: nil)) { _ in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/octet-stream"], body: big)
        }
        try server.start()
        addTeardownBlock { server.stop() }
        let reader = try StalledReader(port: try XCTUnwrap(server.boundPort),
                                       request: Array("GET /big HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
        XCTAssertTrue(reader.answerArrived(within: 5000), "the server began to answer")
        XCTAssertEqual(HTTPServer.liveResponseBodies, 1, "MHD sends from the body's own storage while the answer is in flight")
        reader.close()
        server.stop()
        XCTAssertEqual(HTTPServer.liveResponseBodies, 0, "and frees it once the connection is gone")
    }
}
