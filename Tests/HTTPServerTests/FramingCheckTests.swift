@testable import HTTPServer
import SyncProtocol
import XCTest

/// The smuggling guard decides from header fields alone; no sockets.
final class FramingCheckTests: XCTestCase {
    private func verdict(_ pairs: [(String, String)], max: Int = 1000) -> FramingCheck.Verdict {
        FramingCheck.verdict(pairs.map { HTTPHeaders.Field(name: $0.0, value: $0.1) }, maxBodyBytes: max)
    }

    func testUnambiguousFramingIsAccepted() {
        XCTAssertEqual(verdict([("Host", "x")]), .acceptable(contentLength: nil))
        XCTAssertEqual(verdict([("content-length", " 12 ")]), .acceptable(contentLength: 12))
        XCTAssertEqual(verdict([("Content-Length", "1000")]), .acceptable(contentLength: 1000))
        XCTAssertEqual(verdict([("Transfer-Encoding", "Chunked")]), .acceptable(contentLength: nil))
    }

    func testAmbiguousFramingIsABadRequest() {
        XCTAssertEqual(verdict([("Content-Length", "5"), ("content-length", "10")]),
                       .badRequest("duplicate Content-Length headers"))
        XCTAssertEqual(verdict([("Content-Length", "5"), ("Content-Length", "5")]),
                       .badRequest("duplicate Content-Length headers"))
        XCTAssertEqual(verdict([("Content-Length", "4"), ("Transfer-Encoding", "chunked")]),
                       .badRequest("Content-Length together with Transfer-Encoding"))
        XCTAssertEqual(verdict([("Transfer-Encoding", "chunked"), ("Transfer-Encoding", "chunked")]),
                       .badRequest("duplicate Transfer-Encoding headers"))
        XCTAssertEqual(verdict([("Transfer-Encoding", "gzip")]),
                       .badRequest("unsupported Transfer-Encoding 'gzip' (only chunked is accepted)"))
        XCTAssertEqual(verdict([("Transfer-Encoding", "gzip, chunked")]),
                       .badRequest("unsupported Transfer-Encoding 'gzip, chunked' (only chunked is accepted)"))
        XCTAssertEqual(verdict([("Content-Length", "5, 5")]), .badRequest("invalid Content-Length '5, 5'"))
        XCTAssertEqual(verdict([("Content-Length", "-1")]), .badRequest("invalid Content-Length '-1'"))
        XCTAssertEqual(verdict([("Content-Length", "")]), .badRequest("invalid Content-Length ''"))
    }

    func testOversizedDeclarationsAreTooLarge() {
        XCTAssertEqual(verdict([("Content-Length", "1001")]), .tooLarge(declared: 1001))
        XCTAssertEqual(verdict([("Content-Length", "99999999999999999999999")]), .tooLarge(declared: UInt64.max))
    }
}
