import XCTest
import SyncCore
import SyncCrypto
import SyncProtocol

final class HTTPSignatureTests: XCTestCase {
    let uri = "https://singapore.example:8443/v1/changesets"
    let now: Int64 = 1_767_225_600
    let body = Array(#"{"x":1}"#.utf8)

    func signer() throws -> HTTPSignatureSigner {
        let key = try Fixtures.key()
        return HTTPSignatureSigner(keyID: "birmingham", sign: { try key.sign($0) }, sha256: Fixtures.sha256)
    }

    var requestVerifier: HTTPSignatureVerifier { HTTPSignatureVerifier(profile: .request, sha256: Fixtures.sha256) }

    func isValid(_ keyID: String, _ base: [UInt8], _ sig: [UInt8]) -> Bool {
        guard keyID == "birmingham", let key = try? Fixtures.key() else { return false }
        return key.publicKey.isValidSignature(sig, for: base)
    }

    func signedRequest(method: String = "POST", body: [UInt8]? = nil, nonce: String = "n-1") throws -> HTTPSignatureMessage {
        let h = try signer().signRequest(method: method, targetURI: uri, body: body ?? self.body, now: now, nonce: nonce)
        var headers = HTTPHeaders()
        h.apply(to: &headers)
        return .request(method: method, targetURI: uri, headers: headers)
    }

    func verifyError(_ message: HTTPSignatureMessage, body: [UInt8]? = nil, now: Int64? = nil) -> String {
        do {
            _ = try requestVerifier.verify(message, body: body ?? self.body, now: now ?? self.now, isValid: isValid)
            return "verified"
        } catch { return error.description }
    }

    func testGoldenRequestSignatureBase() throws {
        let h = try signer().signRequest(method: "POST", targetURI: uri, body: body, now: now, nonce: "n-1")
        XCTAssertEqual(h.signatureBase, """
            "@method": POST
            "@target-uri": https://singapore.example:8443/v1/changesets
            "content-digest": sha-256=:UEG/H3E98gR4Q1PoL2pKU1kxy2Tx9LSlrq/8tyCRiyI=:
            "@signature-params": ("@method" "@target-uri" "content-digest");created=1767225600;expires=1767225660;nonce="n-1";keyid="birmingham";alg="ed25519"
            """)
        XCTAssertEqual(h.signatureInput,
            #"sig1=("@method" "@target-uri" "content-digest");created=1767225600;expires=1767225660;nonce="n-1";keyid="birmingham";alg="ed25519""#)
        XCTAssertEqual(h.contentDigest, "sha-256=:UEG/H3E98gR4Q1PoL2pKU1kxy2Tx9LSlrq/8tyCRiyI=:")
        // Ed25519 is deterministic: the signature is golden too.
        let sig = try Fixtures.key().sign(Array(h.signatureBase.utf8))
        XCTAssertEqual(h.signature, "sig1=:" + Base64URL.encodeStandard(sig) + ":")
    }

    func testRoundTrip() throws {
        let v = try requestVerifier.verify(try signedRequest(), body: body, now: now + 30, isValid: isValid)
        XCTAssertEqual(v.keyID, "birmingham")
        XCTAssertEqual(v.label, "sig1")
        XCTAssertEqual(v.created, now)
        XCTAssertEqual(v.expires, now + 60)
        XCTAssertEqual(v.nonce, "n-1")
        // GET with an empty body.
        let get = try signedRequest(method: "GET", body: [])
        XCTAssertNoThrow(try requestVerifier.verify(get, body: [], now: now, isValid: isValid))
    }

    func testTamperingIsRejected() throws {
        let m = try signedRequest()
        var wrongMethod = m
        wrongMethod.request?.method = "PUT"
        XCTAssertEqual(verifyError(wrongMethod),
            "invalid_signature: the signature by keyid \"birmingham\" does not verify (unknown key, wrong key, or the message was altered)")
        var wrongURI = m
        wrongURI.request?.targetURI = "https://singapore.example:8443/v1/changesets?x=1"
        XCTAssertTrue(verifyError(wrongURI).hasPrefix("invalid_signature:"))
        XCTAssertEqual(verifyError(m, body: Array(#"{"x":2}"#.utf8)),
            "digest_mismatch: Content-Digest does not match the 7-byte body (altered or truncated in transit?)")
        // A digest rewritten to match a new body breaks the signature instead.
        var rewritten = m
        let newBody = Array(#"{"x":2}"#.utf8)
        rewritten.headers["Content-Digest"] = ContentDigest.header(for: newBody, hash: Fixtures.sha256)
        XCTAssertTrue(verifyError(rewritten, body: newBody).hasPrefix("invalid_signature:"))
        // Another key id.
        var other = m
        other.headers["Signature-Input"] = m.headers["Signature-Input"]!.replacingOccurrences(of: "birmingham", with: "singapore")
        XCTAssertTrue(verifyError(other).hasPrefix("invalid_signature: the signature by keyid \"singapore\""))
    }

    func testTimeWindow() throws {
        let m = try signedRequest()
        XCTAssertEqual(verifyError(m, now: now + 120), "expired: the signature expired at 1767225660, 60 s ago; sign each request afresh")
        XCTAssertEqual(verifyError(m, now: now + 119), "verified")
        XCTAssertEqual(verifyError(m, now: now - 61),
            "not_yet_valid: created (1767225600) is 61 s in the future; check the signer's clock (at most 60 s of skew is tolerated)")
        XCTAssertEqual(verifyError(m, now: now - 60), "verified")

        var long = m
        long.headers["Signature-Input"] = m.headers["Signature-Input"]!.replacingOccurrences(of: "expires=1767225660", with: "expires=1767226000")
        XCTAssertEqual(verifyError(long), "validity_too_long: the signature is valid for 400 s; at most 300 s are accepted")
        var backwards = m
        backwards.headers["Signature-Input"] = m.headers["Signature-Input"]!.replacingOccurrences(of: "expires=1767225660", with: "expires=1767225600")
        XCTAssertEqual(verifyError(backwards), "invalid_parameter: expires (1767225600) must be after created (1767225600)")
    }

    func testReplayCache() throws {
        let m = try signedRequest()
        let v = try requestVerifier.verify(m, body: body, now: now, isValid: isValid)
        var cache = ReplayCache(capacity: 3)
        XCTAssertEqual(cache.admit(v, now: now), .fresh)
        XCTAssertEqual(cache.admit(v, now: now + 10), .replayed)
        // The same request with a new nonce is a new signature.
        let v2 = try requestVerifier.verify(try signedRequest(nonce: "n-2"), body: body, now: now, isValid: isValid)
        XCTAssertNotEqual(v2.signature, v.signature)
        XCTAssertEqual(cache.admit(v2, now: now), .fresh)
        // Same signature under another key id is another entry.
        XCTAssertEqual(cache.admit(keyID: "other", signature: v.signature, expires: v.expires, now: now), .fresh)
        XCTAssertEqual(cache.count, 3)
        XCTAssertEqual(cache.admit(keyID: "x", signature: [1], expires: now + 60, now: now), .full)
        // Entries are kept until expires + grace (the verifier's skew), then forgotten.
        XCTAssertEqual(cache.admit(v, now: v.expires + 60), .replayed)
        XCTAssertEqual(cache.admit(v, now: v.expires + 61), .fresh)
        XCTAssertEqual(cache.count, 1)
    }

    func testReplayCacheForgetsInExpiryOrder() {
        var cache = ReplayCache(capacity: 1000, graceSeconds: 0)
        for i in 0..<500 {
            XCTAssertEqual(cache.admit(keyID: "k", signature: [UInt8(i & 255), UInt8(i >> 8)], expires: Int64((i * 7919) % 500), now: 0), .fresh)
        }
        for t in stride(from: Int64(0), through: 500, by: 50) {
            cache.purge(now: t)
            XCTAssertEqual(cache.count, 500 - Int(t), "at t=\(t)")
        }
    }

    func testMalformedHeadersGiveExactErrors() throws {
        let m = try signedRequest()
        func with(_ name: String, _ value: String?) -> HTTPSignatureMessage {
            var x = m
            x.headers[name] = value
            return x
        }
        XCTAssertEqual(verifyError(with("Signature-Input", nil)),
            "missing_header: Signature-Input is required: every request and response of this protocol is signed (RFC 9421)")
        XCTAssertEqual(verifyError(with("Signature", nil)),
            "missing_header: Signature is required: every request and response of this protocol is signed (RFC 9421)")
        XCTAssertEqual(verifyError(with("Content-Digest", nil)), "missing_header: Content-Digest is required")
        XCTAssertEqual(verifyError(with("Signature", "sig2=:AAAA:")),
            "missing_signature: Signature has no member 'sig1' to match Signature-Input")
        XCTAssertEqual(verifyError(with("Signature", "sig1=\"abc\"")),
            "malformed_header: Signature member 'sig1' must be a byte sequence, like sig1=:<base64>:")
        XCTAssertEqual(verifyError(with("Signature-Input", "sig1=(\"@method\"")),
            "malformed_header: Signature-Input is not an RFC 8941 dictionary: at byte 15: unterminated inner list (missing ')')")
        XCTAssertEqual(verifyError(with("Signature-Input", "sig1=\"x\"")),
            "malformed_header: Signature-Input member 'sig1' must be an inner list of components with parameters")
        XCTAssertEqual(verifyError(with("Signature-Input", "a=(), b=()")),
            "missing_signature: Signature-Input holds 2 signatures (a, b) and none is labelled sig1")
        XCTAssertEqual(verifyError(with("Signature-Input", String(repeating: "a", count: 5000))),
            "malformed_header: Signature-Input is longer than 4096 bytes")

        let input = m.headers["Signature-Input"]!
        func withInput(_ from: String, _ to: String) -> HTTPSignatureMessage {
            with("Signature-Input", input.replacingOccurrences(of: from, with: to))
        }
        XCTAssertEqual(verifyError(withInput(";alg=\"ed25519\"", ";alg=\"rsa-pss-sha512\"")),
            "unsupported_algorithm: alg is \"rsa-pss-sha512\"; this protocol accepts only \"ed25519\"")
        XCTAssertEqual(verifyError(withInput(";alg=\"ed25519\"", "")),
            "invalid_parameter: Signature-Input 'sig1' lacks the required parameter 'alg'")
        XCTAssertEqual(verifyError(withInput(";nonce=\"n-1\"", "")),
            "invalid_parameter: Signature-Input 'sig1' lacks the required parameter 'nonce'")
        XCTAssertEqual(verifyError(withInput(";keyid=\"birmingham\"", ";keyid=birmingham")),
            "invalid_parameter: Signature-Input parameter 'keyid' must be a string, got birmingham")
        XCTAssertEqual(verifyError(withInput(";created=1767225600", ";created=\"1767225600\"")),
            "invalid_parameter: Signature-Input parameter 'created' must be an integer (Unix seconds), got \"1767225600\"")
        XCTAssertEqual(verifyError(withInput(" \"content-digest\"", "")),
            #"missing_component: the signature does not cover "content-digest"; this protocol requires ("@method" "@target-uri" "content-digest")"#)
        XCTAssertEqual(verifyError(withInput("\"@method\"", "\"@method\" \"x-extra\"")),
            #"unsupported_component: covered header field "x-extra" is absent from the message"#)
        XCTAssertEqual(verifyError(withInput("\"@method\"", "\"@method\" \"@method\"")),
            #"malformed_header: component "@method" is covered twice"#)
        XCTAssertEqual(verifyError(withInput("\"@method\"", "\"@method\" \"@query-param\";name=\"a\"")),
            #"unsupported_component: component parameter 'name' in "@query-param";name="a" is not supported"#)
    }

    /// An extra covered header the message does carry is fine (the profile
    /// sets a minimum), and a header split over several lines is combined.
    func testExtraComponentsAndCombinedHeaders() throws {
        let key = try Fixtures.key()
        var headers = HTTPHeaders()
        headers.add(name: "Content-Digest", value: ContentDigest.header(for: body, hash: Fixtures.sha256))
        headers.add(name: "X-Trace", value: " a ")
        headers.add(name: "x-trace", value: "b")
        let params = StructuredField.InnerList(
            SignatureProfile.request.components + [.init(.string("x-trace")), .init(.string("@authority")), .init(.string("@path")), .init(.string("@query"))],
            .init([("created", .integer(now)), ("expires", .integer(now + 60)), ("nonce", .string("z")),
                   ("keyid", .string("birmingham")), ("alg", .string("ed25519"))]))
        let message = HTTPSignatureMessage.request(method: "POST", targetURI: uri + "?a=1", headers: headers)
        let base = try SignatureBase.build(signatureParams: params, message: message)
        XCTAssertTrue(base.contains("\n\"x-trace\": a, b\n\"@authority\": singapore.example:8443\n\"@path\": /v1/changesets\n\"@query\": ?a=1\n"), base)
        var signed = message
        signed.headers.add(name: "Signature-Input", value: "sig1=" + params.serialized())
        signed.headers.add(name: "Signature", value: "sig1=" + StructuredField.BareItem.byteSequence(try key.sign(Array(base.utf8))).serialized())
        XCTAssertNoThrow(try requestVerifier.verify(signed, body: body, now: now, isValid: isValid))
    }

    func testResponseSignature() throws {
        let request = HTTPSignatureMessage.Request(method: "GET", targetURI: "https://birmingham.example/v1/changes?since=0&limit=100")
        let rbody = Array(#"{"ok":true}"#.utf8)
        let h = try signer().signResponse(status: 200, body: rbody, request: request, now: now)
        XCTAssertEqual(h.signatureBase, """
            "@status": 200
            "content-digest": \(ContentDigest.header(for: rbody, hash: Fixtures.sha256))
            "@target-uri";req: https://birmingham.example/v1/changes?since=0&limit=100
            "@signature-params": ("@status" "content-digest" "@target-uri";req);created=1767225600;expires=1767225660;keyid="birmingham";alg="ed25519"
            """)
        var headers = HTTPHeaders()
        h.apply(to: &headers)
        let verifier = HTTPSignatureVerifier(profile: .response, sha256: Fixtures.sha256)
        let ok = HTTPSignatureMessage.response(status: 200, headers: headers, request: request)
        XCTAssertEqual(try verifier.verify(ok, body: rbody, now: now, isValid: isValid).keyID, "birmingham")
        // The same response replayed for another request, or with another status, fails.
        var otherRequest = request
        otherRequest.targetURI = "https://birmingham.example/v1/changes?since=100&limit=100"
        XCTAssertThrowsError(try verifier.verify(.response(status: 200, headers: headers, request: otherRequest), body: rbody, now: now, isValid: isValid)) { e in
            XCTAssertEqual((e as? SignatureError)?.code, .invalidSignature)
        }
        XCTAssertThrowsError(try verifier.verify(.response(status: 201, headers: headers, request: request), body: rbody, now: now, isValid: isValid)) { e in
            XCTAssertEqual((e as? SignatureError)?.code, .invalidSignature)
        }
        // A request-profile verifier refuses a response signature (no nonce, wrong components).
        XCTAssertThrowsError(try requestVerifier.verify(ok, body: rbody, now: now, isValid: isValid)) { e in
            XCTAssertEqual((e as? SignatureError)?.code, .invalidParameter)
        }
    }

    func testTargetURIFromReceivedRequest() throws {
        XCTAssertEqual(HTTPSignatureMessage.targetURI(authority: "Example.ORG:443", target: "/v1/node"), "https://example.org/v1/node")
        XCTAssertEqual(HTTPSignatureMessage.targetURI(authority: "[::1]:8443", target: "/v1/changes?since=1&limit=2"),
                       "https://[::1]:8443/v1/changes?since=1&limit=2")
        XCTAssertEqual(HTTPSignatureMessage.targetURI(authority: "[::1]:443", target: "/"), "https://[::1]/")
        let h = try signer().signRequest(method: "POST", targetURI: HTTPSignatureMessage.targetURI(authority: "127.0.0.1:8443", target: "/v1/changesets"),
                                         body: body, now: now, nonce: "abc")
        var headers: HTTPHeaders = ["Host": "127.0.0.1:8443"]
        h.apply(to: &headers)
        let received = HTTPRequest(method: "POST", target: "/v1/changesets", headers: headers, body: body)
        let message = try XCTUnwrap(HTTPSignatureMessage.received(received))
        XCTAssertNoThrow(try requestVerifier.verify(message, body: received.body, now: now, isValid: isValid))
        var noHost = received
        noHost.headers["Host"] = nil
        XCTAssertNil(HTTPSignatureMessage.received(noHost))
    }

    /// RFC 9421 appendix B.2.6: the published Ed25519 example, reproduced
    /// exactly (base, Signature-Input and the deterministic signature).
    func testRFC9421AppendixB26() throws {
        let pem = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF
            -----END PRIVATE KEY-----
            """
        let key = try Ed25519PrivateKey(pem: pem)
        XCTAssertEqual(key.publicKey.base64url, "JrQLj5P_89iXES9-vFgrIy29clF9CC_oPPsw3c5D0bs")
        let headers: HTTPHeaders = [
            "Host": "example.com",
            "Date": "Tue, 20 Apr 2021 02:07:55 GMT",
            "Content-Type": "application/json",
            "Content-Digest": "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:",
            "Content-Length": "18",
            "Signature-Input": #"sig-b26=("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519""#,
            "Signature": "sig-b26=:wqcAqbmYJ2ji2glfAMaRy4gruYYnx2nEFN2HN6jrnDnQCK1u02Gb04v9EDgwUPiu4A0w6vuQv5lIp5WPpBKRCw==:",
        ]
        let message = HTTPSignatureMessage.request(method: "POST", targetURI: "https://example.com/foo?param=Value&Pet=dog", headers: headers)
        let input = try StructuredFieldParser.parseDictionary(headers["Signature-Input"]!)
        guard case .innerList(let params)? = input["sig-b26"] else { return XCTFail("no sig-b26") }
        let base = try SignatureBase.build(signatureParams: params, message: message)
        XCTAssertEqual(base, """
            "date": Tue, 20 Apr 2021 02:07:55 GMT
            "@method": POST
            "@path": /foo
            "@authority": example.com
            "content-type": application/json
            "content-length": 18
            "@signature-params": ("date" "@method" "@path" "@authority" "content-type" "content-length");created=1618884473;keyid="test-key-ed25519"
            """)
        let sig = try key.sign(Array(base.utf8))
        XCTAssertEqual("sig-b26=:" + Base64URL.encodeStandard(sig) + ":", headers["Signature"])
        guard case .item(let item)? = try StructuredFieldParser.parseDictionary(headers["Signature"]!)["sig-b26"],
              case .byteSequence(let published) = item.bareItem else { return XCTFail("no signature") }
        XCTAssertTrue(key.publicKey.isValidSignature(published, for: Array(base.utf8)))
    }
}
