import Foundation
import SyncCrypto
import SyncNode
import SyncProtocol
import XCTest

/// The error answers docs/protocol.md section 11 promises besides the
/// authentication ones: wrong method, wrong media type, unknown path.
final class EndpointErrorTests: FederationTestCase {
    func testWrongMethodMediaTypeAndPathGetTheirDocumentedAnswers() throws {
        let nodes = try makeFederation(["birmingham", "singapore"], importing: false)
        let r = try requester(from: nodes[0], to: nodes[1])

        let wrongMethod = try r.send("DELETE", "/v1/changes?since=0")
        assertError(wrongMethod, status: 405, code: "method_not_allowed", mentioning: ["DELETE"])
        XCTAssertEqual(wrongMethod.headers["Allow"], "GET")
        XCTAssertEqual(try r.send("GET", "/v1/changesets").headers["Allow"], "POST")

        let body = ChangeSetPush(origin: "birmingham", revisions: [], sha256: { SHA256.hash($0) }).encoded()
        var textPlain = try r.request("POST", "/v1/changesets", body: body)
        textPlain.headers.replaceOrAdd(name: "Content-Type", value: "text/plain")
        assertError(try r.send(textPlain), status: 415, code: "unsupported_media_type", mentioning: ["application/json"])

        assertError(try r.send("GET", "/v2/everything"), status: 404, code: "not_found")
    }
}
