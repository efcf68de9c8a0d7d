import HTTPServer
import SyncProtocol
import Synchronization
import TestSupport
import ThrowawayTLS
import XCTest

/// Certificates shared by the server tests: made once per test process.
final class ServerTestFixture: Sendable {
    let ca: ThrowawayCA
    let server: ThrowawayCertificate
    let client: ThrowawayCertificate
    let rogueCA: ThrowawayCA
    let rogueClient: ThrowawayCertificate

    private init() throws {
        ca = try ThrowawayCA()
        server = try ca.serverCertificate()
        client = try ca.clientCertificate(commonName: "birmingham")
        rogueCA = try ThrowawayCA(name: "rogue-ca")
        rogueClient = try rogueCA.clientCertificate(commonName: "impostor")
    }

    private static let made = Result { try ServerTestFixture() }

    static func shared() throws -> ServerTestFixture { try made.get() }

    /// TLS settings for the server, optionally requiring client certificates from `ca`.
    func tls(requireClientCertificates: Bool = false) -> HTTPServerTLS {
        HTTPServerTLS(certificatePEM: server.certificatePEM, privateKeyPEM: server.keyPEM,
                      clientCAPEM: requireClientCertificates ? ca.caCertificatePEM : nil)
    }

    /// Short deadlines so hostile-client tests stay fast.
    static func testLimits() -> HTTPServerLimits {
        var limits = HTTPServerLimits()
        limits.maxBodyBytes = 64 * 1024
        limits.headerDeadline = .seconds(2)
        limits.requestDeadline = .seconds(3)
        limits.idleTimeout = .seconds(10)
        limits.threadPoolSize = 2
        return limits
    }
}

/// Collects log lines from server threads.
final class LogSink: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func add(_ line: String) { lines.withLock { $0.append(line) } }
}
