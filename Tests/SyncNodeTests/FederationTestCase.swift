import Foundation
import HTTPClient
import SyncCore
import SyncNode
import SyncProtocol
import SyncStore
import TestSupport
import XCTest

/// Builds small federations of in-process nodes over TLS on 127.0.0.1.
/// Every server stops when its node goes away (at the end of each test).
class FederationTestCase: XCTestCase {
    private(set) var certs: FederationCertificates!

    override func setUpWithError() throws {
        certs = try FederationCertificates.shared()
    }

    override func tearDown() {
        certs = nil
    }

    /// A node with its city's fixtures imported (when `importing`), not serving.
    func makeNode(_ name: String, importing: Bool = true) throws -> TestNode {
        let node = try TestNode(name)
        if importing {
            let summary = try node.importCity()
            XCTAssertGreaterThan(summary.created, 0, "no fixture records for \(name)")
        }
        return node
    }

    /// Nodes that each import their own city, serve over TLS with the
    /// federation CA's certificate, and trust one another.
    func makeFederation(_ names: [String], importing: Bool = true) throws -> [TestNode] {
        let nodes = try names.map { try makeNode($0, importing: importing) }
        for node in nodes { try node.serve(certificate: certs.server) }
        for node in nodes {
            for other in nodes where other !== node { try node.trust(other, caFile: certs.caFile) }
        }
        return nodes
    }

    /// A requester signing as `from`, talking to `to`'s server.
    func requester(from: TestNode, to: TestNode) throws -> SignedRequester {
        try from.requester(to: to, caFile: certs.caFile)
    }

    /// Asserts an error response: status, `code`, and words its message must contain.
    func assertError(_ response: ClientResponse, status: Int, code: String, mentioning words: [String] = [],
                     file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(response.status, status, response.bodyText, file: file, line: line)
        guard let body = SignedRequester.errorBody(response) else {
            return XCTFail("not an error body: \(response.bodyText)", file: file, line: line)
        }
        XCTAssertEqual(body.code, code, body.message, file: file, line: line)
        for word in words {
            XCTAssertTrue(body.message.contains(word), "'\(word)' not in: \(body.message)", file: file, line: line)
        }
    }

    /// Runs `body`, which must throw a `PeerError` of `kind`; returns it.
    @discardableResult
    func expectPeerError<T>(_ kind: PeerError.Kind, file: StaticString = #filePath, line: UInt = #line,
                            _ body: () throws -> T) -> PeerError? {
        do {
            let value = try body()
            XCTFail("expected a PeerError, got \(value)", file: file, line: line)
        } catch let e as PeerError {
            XCTAssertEqual(e.kind, kind, e.description, file: file, line: line)
            return e
        } catch {
            XCTFail("expected a PeerError, got \(error)", file: file, line: line)
        }
        return nil
    }
}
