import XCTest
import SyncProtocol

final class ContentDigestTests: XCTestCase {
    func testGoldenValues() {
        // RFC 9530 section 2 example body.
        XCTAssertEqual(ContentDigest.header(for: Array(#"{"hello": "world"}"#.utf8), hash: Fixtures.sha256),
                       "sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:")
        XCTAssertEqual(ContentDigest.header(for: [], hash: Fixtures.sha256),
                       "sha-256=:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=:")
    }

    func testVerifyAndParse() throws {
        let body = Array("abc".utf8)
        let h = ContentDigest.header(for: body, hash: Fixtures.sha256)
        XCTAssertNoThrow(try ContentDigest.verify(h, body: body, hash: Fixtures.sha256))
        // Other algorithms alongside are ignored.
        XCTAssertNoThrow(try ContentDigest.verify("sha-512=:AAAA:, " + h, body: body, hash: Fixtures.sha256))
        XCTAssertThrowsError(try ContentDigest.verify(h, body: Array("abd".utf8), hash: Fixtures.sha256)) { e in
            XCTAssertEqual("\(e)", "digest_mismatch: Content-Digest does not match the 3-byte body (altered or truncated in transit?)")
        }
        XCTAssertThrowsError(try ContentDigest.parse("sha-512=:AAAA:")) { e in
            XCTAssertEqual("\(e)", "malformed_header: Content-Digest has no sha-256 member (found: sha-512)")
        }
        XCTAssertThrowsError(try ContentDigest.parse("sha-256=:AAAA:")) { e in
            XCTAssertEqual("\(e)", "malformed_header: Content-Digest sha-256 must be a byte sequence of 32 bytes, like sha-256=:<base64>:")
        }
        XCTAssertThrowsError(try ContentDigest.parse("sha-256=X48E9")) { e in
            XCTAssertEqual("\(e)", "malformed_header: Content-Digest sha-256 must be a byte sequence of 32 bytes, like sha-256=:<base64>:")
        }
        XCTAssertThrowsError(try ContentDigest.parse("sha-256")) { e in
            XCTAssertEqual((e as? SignatureError)?.code, .malformedHeader)
        }
        XCTAssertThrowsError(try ContentDigest.parse("sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:,")) { e in
            XCTAssertEqual("\(e)", "malformed_header: Content-Digest is not an RFC 8941 dictionary: at byte 55: trailing ',' at the end of the dictionary")
        }
    }
}
