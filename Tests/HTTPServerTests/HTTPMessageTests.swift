import SyncProtocol
import XCTest

/// The pure request/response value types from SyncProtocol.
final class HTTPMessageTests: XCTestCase {
    func testTargetIsSplitAndDecoded() {
        let r = HTTPRequest(method: "GET", target: "/pages/new%20york%2Fcity?after=3&tag=a+b&tag=%C3%A9&empty=&flag#frag")
        XCTAssertEqual(r.path, "/pages/new york/city")
        XCTAssertEqual(r.queryItems.map(\.name), ["after", "tag", "tag", "empty", "flag"])
        XCTAssertEqual(r.queryItems.map(\.value), ["3", "a b", "é", "", ""])
        XCTAssertEqual(r.query("tag"), "a b")
        XCTAssertEqual(r.queryValues("tag"), ["a b", "é"])
        XCTAssertNil(r.query("missing"))
        XCTAssertEqual(r.target, "/pages/new%20york%2Fcity?after=3&tag=a+b&tag=%C3%A9&empty=&flag#frag")
    }

    func testMalformedEscapesAreKeptAndPlusIsLiteralInPaths() {
        XCTAssertEqual(HTTPRequest(method: "GET", target: "/a+b%zz%4").path, "/a+b%zz%4")
        XCTAssertEqual(HTTPRequest(method: "GET", target: "/%FF").path, "/\u{FFFD}")
        XCTAssertEqual(HTTPRequest(method: "GET", target: "/?&&a=1&&").queryItems, [.init(name: "a", value: "1")])
        XCTAssertEqual(HTTPRequest(method: "GET", target: "/x?a=b=c").query("a"), "b=c")
    }

    func testHeadersAreOrderedAndCaseInsensitive() {
        var h: HTTPHeaders = ["Content-Type": "text/plain", "X-A": "1"]
        h.add(name: "x-a", value: "2")
        XCTAssertEqual(h["content-TYPE"], "text/plain")
        XCTAssertEqual(h.values(for: "X-A"), ["1", "2"])
        XCTAssertTrue(h.contains("x-a"))
        h["X-A"] = "3"
        XCTAssertEqual(h.fields.map(\.name), ["Content-Type", "X-A"])
        XCTAssertEqual(h.values(for: "x-a"), ["3"])
        h["x-a"] = nil
        XCTAssertEqual(h.count, 1)
        XCTAssertFalse(HTTPHeaders.sameName("Content-Length", "Content-Lengt"))
        XCTAssertFalse(HTTPHeaders.sameName("Host", "Hosť"))
    }

    func testResponseHelpers() throws {
        let text = HTTPResponse.text("hi", status: 404)
        XCTAssertEqual(text.status, 404)
        XCTAssertEqual(text.bodyBytes, Array("hi".utf8))
        XCTAssertEqual(text.headers["content-type"], "text/plain; charset=utf-8")

        let stream = HTTPResponse.stream(chunks: [[1, 2], [], [3]])
        XCTAssertNil(stream.bodyBytes)
        guard case .stream(let length, let open) = stream.body else { return XCTFail("not a stream") }
        XCTAssertEqual(length, 3)
        let next = try open()
        var all: [UInt8] = []
        for _ in 0..<10 {
            guard let chunk = try next() else { break }
            all += chunk
        }
        XCTAssertEqual(all, [1, 2, 3])
        XCTAssertNil(try next())
    }
}
