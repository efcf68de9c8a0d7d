import Foundation
import SyncCrypto
import SyncNode
import SyncProtocol
import TestSupport
import XCTest

/// The server's framing-layer refusals (431 oversized head, 400 smuggling)
/// reach peers as the protocol's JSON error, signed by the node like every
/// other answer, bound to the refused request's method and target.
final class SignedRefusalTests: FederationTestCase {
    private func exchange(_ node: TestNode, _ request: String) throws -> (status: Int, headers: HTTPHeaders, body: [UInt8]) {
        let port = try XCTUnwrap(URL(string: node.url)?.port)
        let result = try TLSRawClient(port: UInt16(port), caFile: certs.caFile, readTimeout: 3, maxDuration: 15)
            .exchange(Array(request.utf8))
        let text = result.text
        let split = try XCTUnwrap(text.range(of: "\r\n\r\n"), "no response head: \(result)")
        var lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = try XCTUnwrap(Int(lines.removeFirst().split(separator: " ")[1]))
        var headers = HTTPHeaders()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.add(name: String(line[..<colon]), value: HTTPHeaders.trimmingOWS(String(line[line.index(after: colon)...])))
        }
        return (status, headers, Array(text[split.upperBound...].utf8))
    }

    private func assertSignedError(_ r: (status: Int, headers: HTTPHeaders, body: [UInt8]), status: Int, code: String,
                                   by node: TestNode, for method: String, _ target: String, checkedBy peer: TestNode) throws {
        XCTAssertEqual(r.status, status)
        XCTAssertEqual(r.headers["Content-Type"], "application/json")
        XCTAssertEqual(try ErrorBody.decode(r.body).code, code)
        let message = HTTPSignatureMessage.response(status: r.status, headers: r.headers,
                                                    request: .init(method: method, targetURI: node.url + target))
        let trust = try peer.trustStore()
        let verifier = HTTPSignatureVerifier(profile: .response, sha256: { SHA256.hash($0) })
        XCTAssertNoThrow(try verifier.verify(message, body: r.body, now: Int64(Date().timeIntervalSince1970)) { keyID, base, sig in
            keyID == node.name && trust.verifyMessage(from: node.name, signature: sig, base: base) == .valid
        }, "the refusal must be signed by \(node.name)")
    }

    func testOversizedHeadAndSmugglingGetSignedJSONErrors() throws {
        let nodes = try makeFederation(["birmingham", "singapore"], importing: false)
        let server = nodes[1]
        let big = try exchange(server, "GET /v1/changes?since=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                               + String(repeating: "a", count: 30_000) + "\r\n\r\n")
        try assertSignedError(big, status: 431, code: "header_too_large", by: server, for: "GET", "/v1/changes?since=0",
                              checkedBy: nodes[0])

        let smuggled = try exchange(server, "POST /v1/changesets HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\n"
                                    + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n")
        try assertSignedError(smuggled, status: 400, code: "bad_request", by: server, for: "POST", "/v1/changesets",
                              checkedBy: nodes[0])
    }
}
