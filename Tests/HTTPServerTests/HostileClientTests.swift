@testable import HTTPServer
import HTTPClient
import SyncProtocol
import TestSupport
import XCTest

/// Floods and malformed heads against the server: a slowloris at one address
/// must not lock out a legitimate client at the same address, the log must
/// not grow with the flood, and framing-layer refusals are JSON.
final class HostileClientTests: XCTestCase {
    private var fixture: ServerTestFixture!

    override func setUpWithError() throws {
        fixture = try ServerTestFixture.shared()
    }

    private func startServer(tls: Bool, log: LogSink, perAddress: Int? = nil) throws -> HTTPServer {
        var limits = ServerTestFixture.testLimits()
        if let perAddress { limits.maxConnectionsPerIP = perAddress }
        let logger: @Sendable (String) -> Void = { log.add($0) }
        let config = tls ? HTTPServerConfiguration(tls: fixture.tls(), limits: limits, log: logger)
                         : .plainHTTPOnLoopback(limits: limits, log: logger)
        let server = try HTTPServer(configuration: config) { r in .text("served \(r.path)") }
        try server.start()
        addTeardownBlock { server.stop() }
        return server
    }

    /// A request retried the way `SyncRunner` retries (3 attempts, 0.5 s then
    /// 1 s apart); returns the status and the attempts it took.
    private func legitimateRequest(_ server: HTTPServer, tls: Bool) throws -> (status: Int, attempts: Int, errors: [String]) {
        var config = HTTPClientConfiguration(baseURL: try XCTUnwrap(server.url),
                                             trust: .caBundle(path: fixture.ca.caCertificatePath))
        config.allowPlainHTTPOnLoopback = !tls
        config.connectTimeout = .seconds(5)
        config.requestTimeout = .seconds(10)
        var errors: [String] = []
        for attempt in 1...3 {
            do {
                let response = try HTTPClient(configuration: config).send(.get("/legit"))
                return (response.status, attempt, errors)
            } catch {
                errors.append("\(error)")
                Thread.sleep(forTimeInterval: 0.5 * Double(attempt))
            }
        }
        return (0, 3, errors)
    }

    private func floodDoesNotLockOut(tls: Bool, perAddress: Int) throws {
        let log = LogSink()
        let server = try startServer(tls: tls, log: log, perAddress: perAddress)
        // Plain HTTP: an unfinished head. TLS: a TCP connection that never
        // starts its handshake (also a connection without a request head).
        let partial = tls ? [] : Array("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8)
        let flood = PartialRequestFlood(port: try XCTUnwrap(server.boundPort), count: 200, partial: partial)
        defer { flood.stop() }
        let until = Date().addingTimeInterval(10)
        while flood.opened.load(ordering: .relaxed) < 200 && Date() < until { Thread.sleep(forTimeInterval: 0.05) }
        XCTAssertGreaterThanOrEqual(flood.opened.load(ordering: .relaxed), 200, "the flood could not open its connections")

        let started = Date()
        let (status, attempts, errors) = try legitimateRequest(server, tls: tls)
        let seconds = Date().timeIntervalSince(started)
        XCTAssertEqual(status, 200, "the legitimate request was locked out: \(errors)")
        XCTAssertLessThan(seconds, 20, "generous bound")
        let closures = server.perAddressLimitClosures
        if perAddress < 200 {
            XCTAssertGreaterThanOrEqual(closures.evicted + closures.refused, 200 - perAddress,
                                        "the per-address limit must have closed the rest of the flood")
        }
        flood.stop()
        print("flood(tls: \(tls)): legitimate request answered after \(attempts) attempt(s) in "
              + String(format: "%.3f", seconds) + " s; flood opened \(flood.opened.load(ordering: .relaxed)), "
              + "evicted \(closures.evicted), refused \(closures.refused)"
              + (errors.isEmpty ? "" : "; attempts lost: \(errors)"))

        // One line per address and kind, not one per closed connection.
        let lines = log.all.filter { $0.contains("127.0.0.1") }
        XCTAssertLessThanOrEqual(lines.count, 6, "the log must summarise, not flood: \(lines.prefix(10))")
        if perAddress < 200 {
            XCTAssertTrue(lines.contains { $0.contains("is at its limit of \(perAddress) connections")
                                           && $0.contains("summarised every 60 s") }, "\(lines)")
        }
    }

    /// Over the limit: the flood churns, each new connection evicting the
    /// oldest one still without a head; a plain-HTTP client sends its head
    /// at once and is served.
    func testPartialRequestFloodOverTheLimitDoesNotLockOutALegitimateClient() throws {
        try floodDoesNotLockOut(tls: false, perAddress: 32)
    }

    /// Under the (default) limit: 200 idle connections cost a TLS client nothing.
    func testIdleConnectionFloodDoesNotLockOutALegitimateTLSClient() throws {
        try floodDoesNotLockOut(tls: true, perAddress: HTTPServerLimits().maxConnectionsPerIP)
    }

    /// A flood that is cut off by the head deadline and reconnects is
    /// logged once per address and kind, however many sockets it burns.
    func testHeadDeadlineCutOffsOfAFloodAreSummarised() throws {
        let log = LogSink()
        let server = try startServer(tls: false, log: log)
        let flood = PartialRequestFlood(port: try XCTUnwrap(server.boundPort), count: 50,
                                        partial: Array("GET /slow HTTP/1.1\r\n".utf8))
        defer { flood.stop() }
        let until = Date().addingTimeInterval(15)   // head deadline 2 s: at least two rounds of 50
        while server.deadlineCutOffs < 100 && Date() < until { Thread.sleep(forTimeInterval: 0.1) }
        flood.stop()
        XCTAssertGreaterThanOrEqual(server.deadlineCutOffs, 100)
        let lines = log.all.filter { $0.contains("head deadline") }
        XCTAssertEqual(lines.count, 1, "one line, the rest summarised: \(lines.prefix(5))")
    }

    // MARK: - Refusals are the protocol's JSON error

    private func errorBody(_ result: TLSRawExchange) throws -> ErrorBody {
        let text = result.text
        let range = try XCTUnwrap(text.range(of: "\r\n\r\n"), "no response head: \(result)")
        return try ErrorBody.decode(Array(text[range.upperBound...].utf8))
    }

    private func raw(_ server: HTTPServer) throws -> TLSRawClient {
        TLSRawClient(port: try XCTUnwrap(server.boundPort), caFile: fixture.ca.caCertificatePath,
                     readTimeout: 3, maxDuration: 15)
    }

    func testSmugglingAndOversizedHeadGetJSONErrors() throws {
        let server = try startServer(tls: true, log: LogSink())
        let smuggled = try raw(server).exchange(Array(
            ("POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 10\r\n\r\n"
             + "helloGET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").utf8))
        XCTAssertEqual(smuggled.statusCodes, [400], "\(smuggled)")
        XCTAssertTrue(smuggled.text.lowercased().contains("content-type: application/json"), "\(smuggled)")
        let bad = try errorBody(smuggled)
        XCTAssertEqual(bad.code, "bad_request")
        XCTAssertTrue(bad.message.contains("duplicate Content-Length"), bad.message)

        let big = try raw(server).exchange(Array(
            ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + String(repeating: "a", count: 40_000) + "\r\n\r\n").utf8))
        XCTAssertEqual(big.statusCodes, [431], "\(big)")
        let tooBig = try errorBody(big)
        XCTAssertEqual(tooBig.code, "header_too_large")
        XCTAssertEqual(ErrorBody.status(for: tooBig.code), 431)

        let declared = try raw(server).exchange(Array(
            "POST /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 70000\r\n\r\n".utf8))
        XCTAssertEqual(declared.statusCodes.first, 413, "\(declared)")
        XCTAssertEqual(try errorBody(declared).code, "payload_too_large")
    }

    /// The documented exception: a head that does not fit the connection's
    /// memory pool gets libmicrohttpd's own 431, which we cannot render.
    func testHeadBeyondTheMemoryPoolGetsLibmicrohttpdsOwn431() throws {
        let server = try startServer(tls: true, log: LogSink())
        let huge = try raw(server).exchange(Array(
            ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + String(repeating: "a", count: 100_000) + "\r\n\r\n").utf8))
        XCTAssertEqual(huge.statusCodes.first, 431, "\(huge)")
        XCTAssertThrowsError(try errorBody(huge), "if this passes, libmicrohttpd's answer became JSON: update docs/security.md")
    }

    func testAResponderRendersRefusals() throws {
        struct Custom: HTTPResponder {
            func respond(to request: HTTPRequest) -> HTTPResponse { .text("ok") }
            func refuse(_ refusal: HTTPRefusal) -> HTTPResponse {
                var r = refusal.jsonResponse
                r.headers.add(name: "X-Rendered-For", value: "\(refusal.request.method) \(refusal.request.target)")
                return r
            }
        }
        let server = try HTTPServer(configuration: HTTPServerConfiguration(tls: fixture.tls(),
                                                                           limits: ServerTestFixture.testLimits()),
                                    responder: Custom())
        try server.start()
        defer { server.stop() }
        let result = try raw(server).exchange(Array(
            "POST /target?q=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n".utf8))
        XCTAssertEqual(result.statusCodes, [400], "\(result)")
        XCTAssertTrue(result.text.contains("X-Rendered-For: POST /target?q=1"), "\(result)")
        XCTAssertTrue(result.closedByServer, "\(result)")
    }
}
