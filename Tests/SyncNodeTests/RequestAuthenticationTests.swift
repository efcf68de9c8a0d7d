import Foundation
import SyncCrypto
import SyncNode
import SyncProtocol
import XCTest

/// Requests that are not a trusted peer's fresh signature over exactly this
/// request: refused, with the store untouched.
final class RequestAuthenticationTests: FederationTestCase {
    func testTheSameSignedRequestSentTwiceIsRefusedAsReplayed() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let (birmingham, singapore) = (nodes[0], nodes[1])
        let r = try requester(from: birmingham, to: singapore)

        // A pull page: the replay is refused even though the request is harmless.
        let page = try r.request("GET", "/v1/changes?since=0&limit=10&exclude=birmingham")
        XCTAssertEqual(try r.send(page).status, 200)
        assertError(try r.send(page), status: 401, code: "replayed")

        // A push: replaying it must not apply anything either.
        let body = ChangeSetPush(origin: "birmingham", revisions: try birmingham.ownRevisions(),
                                 sha256: { SHA256.hash($0) }).encoded()
        let push = try r.request("POST", "/v1/changesets", body: body)
        XCTAssertEqual(try r.send(push).status, 200)
        let after = try singapore.digest()
        assertError(try r.send(push), status: 401, code: "replayed")
        XCTAssertEqual(try singapore.digest(), after)

        // A fresh signature over the same content is fine (a legitimate retry).
        let retry = try r.send("POST", "/v1/changesets", body: body)
        XCTAssertEqual(retry.status, 200, retry.bodyText)
        XCTAssertEqual(try singapore.digest(), after)
    }

    func testRequestSignedByAKeyThatIsNotAPeerIsForbidden() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let singapore = nodes[1]
        let before = try singapore.digest()
        let lisbon = try SignedRequester(name: "lisbon", key: Ed25519PrivateKey.generate(), baseURL: singapore.url,
                                         caFile: certs.caFile)
        assertError(try lisbon.send("GET", "/v1/changes?since=0&limit=10"), status: 403, code: "forbidden",
                    mentioning: ["lisbon"])
        let body = ChangeSetPush(origin: "lisbon", revisions: [try Forgery.article(author: "lisbon", key: lisbon.key, title: "Hello")],
                                 sha256: { SHA256.hash($0) }).encoded()
        assertError(try lisbon.send("POST", "/v1/changesets", body: body), status: 403, code: "forbidden")

        // Claiming to be a peer without its key: the signature does not verify.
        let impostor = try SignedRequester(name: "birmingham", key: Ed25519PrivateKey.generate(), baseURL: singapore.url,
                                           caFile: certs.caFile)
        assertError(try impostor.send("GET", "/v1/changes?since=0&limit=10"), status: 401, code: "unauthenticated")
        XCTAssertEqual(try singapore.digest(), before)
    }

    func testSignatureOverAnotherTargetURIIsRefused() throws {
        let nodes = try makeFederation(["birmingham", "singapore", "new-york"])
        let (birmingham, singapore, newYork) = (nodes[0], nodes[1], nodes[2])
        let before = try singapore.digest()
        let r = try requester(from: birmingham, to: singapore)

        // Signed for New York, sent to Singapore (a request passed on to the wrong node).
        let body = ChangeSetPush(origin: "birmingham", revisions: try birmingham.ownRevisions(),
                                 sha256: { SHA256.hash($0) }).encoded()
        assertError(try r.send("POST", "/v1/changesets", body: body, signedURI: newYork.url + "/v1/changesets"),
                    status: 401, code: "unauthenticated")
        // Signed for another page than the one asked for.
        assertError(try r.send("GET", "/v1/changes?since=0&limit=1000",
                               signedURI: singapore.url + "/v1/changes?since=0&limit=10"),
                    status: 401, code: "unauthenticated")
        // Unsigned.
        let unsigned = try r.send(.get("/v1/changes?since=0&limit=10"))
        assertError(unsigned, status: 401, code: "unauthenticated")
        XCTAssertEqual(try singapore.digest(), before)

        // Control: the same requests signed for what is sent are accepted.
        XCTAssertEqual(try r.send("GET", "/v1/changes?since=0&limit=1000").status, 200)
    }

    /// docs/protocol.md section 9: the target URI is the node's public URL,
    /// never rebuilt from `Host`. A request signed for the name in its Host
    /// header is refused; one signed for the public URL is accepted whatever
    /// Host says, and the answer is signed for the public URL.
    func testTargetURIIsThePublicURLNotTheHostHeader() throws {
        let nodes = try makeFederation(["birmingham", "singapore"])
        let (birmingham, singapore) = (nodes[0], nodes[1])
        let r = try requester(from: birmingham, to: singapore)
        let port = try XCTUnwrap(singapore.url.split(separator: ":").last)
        let target = "/v1/changes?since=0&limit=10"

        var viaOtherName = try r.request("GET", target, signedURI: "https://localhost:\(port)" + target)
        viaOtherName.headers.replaceOrAdd(name: "Host", value: "localhost:\(port)")
        assertError(try r.send(viaOtherName), status: 401, code: "unauthenticated")

        var viaProxy = try r.request("GET", target)
        viaProxy.headers.replaceOrAdd(name: "Host", value: "sync.proxy.example")
        let answer = try r.send(viaProxy)
        XCTAssertEqual(answer.status, 200, answer.bodyText)
        let message = HTTPSignatureMessage.response(status: answer.status, headers: answer.headers,
                                                    request: .init(method: "GET", targetURI: singapore.url + target))
        let verified = try HTTPSignatureVerifier(profile: .response, sha256: { SHA256.hash($0) })
            .verify(message, body: answer.body, now: Int64(Date().timeIntervalSince1970)) { keyID, base, signature in
                keyID == "singapore" && singapore.identity.publicKey.isValidSignature(signature, for: base)
            }
        XCTAssertEqual(verified.keyID, "singapore")
    }
}
