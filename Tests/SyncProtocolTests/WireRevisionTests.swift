import XCTest
import Foundation
import SyncCore
import SyncCrypto
import SyncProtocol

final class WireRevisionTests: XCTestCase {
    func testRoundTripKeepsSignatureValid() throws {
        let key = try Fixtures.key()
        let s = try Fixtures.signed(Fixtures.vectorRevision, with: key)
        let bytes = WireRevision.encode(s)
        let back = try WireRevision.decode(bytes)
        XCTAssertEqual(back, s)
        XCTAssertTrue(key.publicKey.isValidSignature(back.signature, for: CanonicalEncoding.signingBytes(of: back.revision)))
        // Deterministic encoding.
        XCTAssertEqual(WireRevision.encode(back), bytes)
    }

    func testFoundationCodableReadsTheSameJSON() throws {
        let s = try Fixtures.signed(Fixtures.vectorRevision, with: Fixtures.key())
        let decoded = try JSONDecoder().decode(WireRevision.self, from: Data(WireRevision.encode(s)))
        XCTAssertEqual(decoded, WireRevision(s))
        XCTAssertEqual(try decoded.signedRevision(), s)
        let reencoded = try JSONEncoder().encode(decoded)
        XCTAssertEqual(try WireRevision.decode(Array(reencoded)), s)
    }

    /// A valid revision as a mutable JSON object, for error tests.
    func validObject() throws -> [String: WireJSON] {
        let s = try Fixtures.signed(Fixtures.vectorRevision, with: Fixtures.key())
        guard case .object(let o) = WireRevision(s).json else { throw XCTSkip("unreachable") }
        return o
    }

    func error(_ mutate: (inout [String: WireJSON]) -> Void) throws -> String {
        var o = try validObject()
        mutate(&o)
        do { _ = try WireRevision.decode(WireJSON.object(o).serialized()); return "no error" } catch { return error.description }
    }

    func testMalformedMembersNameTheField() throws {
        XCTAssertEqual(try error { $0["document_id"] = nil }, "missing_field in field 'document_id': is required")
        XCTAssertEqual(try error { $0["document_id"] = .string("Birmingham.x") },
                       "invalid_value in field 'document_id': 'Birmingham.x' is not a document id: expected <node>.<1-64 characters of a-z 0-9 - _>")
        XCTAssertEqual(try error { $0["kind"] = .string("poem") },
                       "invalid_value in field 'kind': must be \"article\" or \"talk\", got \"poem\"")
        XCTAssertEqual(try error { $0["counter"] = .string("3") },
                       "wrong_type in field 'counter': must be a non-negative integer, got string")
        XCTAssertEqual(try error { $0["counter"] = .number("-1") },
                       "invalid_value in field 'counter': must be an integer from 0 to 18446744073709551615, got -1")
        XCTAssertEqual(try error { $0["counter"] = .number("1.5") },
                       "invalid_value in field 'counter': must be an integer from 0 to 18446744073709551615, got 1.5")
        XCTAssertEqual(try error { $0["counter"] = .number("18446744073709551616") },
                       "invalid_value in field 'counter': must be an integer from 0 to 18446744073709551615, got 18446744073709551616")
        XCTAssertEqual(try error { $0["counter"] = .uint(0) }, "invalid_value in field 'counter': must be at least 1")
        XCTAssertEqual(try error { $0["hlc_logical"] = .uint(1 << 32) },
                       "invalid_value in field 'hlc_logical': must be at most 4294967295, got 4294967296")
        XCTAssertEqual(try error { $0["tombstone"] = .number("0") },
                       "wrong_type in field 'tombstone': must be true or false, got number")
        XCTAssertEqual(try error { $0["actor"] = .string("singapore") },
                       "invalid_value in field 'actor': actor 'singapore' does not belong to author 'birmingham': a node signs only its own writes (actor = author or author~epoch)")
        XCTAssertEqual(try error { $0["actor"] = .string("birmingham~1") },
                       "invalid_value in field 'actor': 'birmingham~1' is not an actor: expected a node name, optionally with ~N for a later epoch (birmingham~2)")
        XCTAssertEqual(try error { $0["author"] = .string("Birmingham") },
                       "invalid_value in field 'author': 'Birmingham' is not a node name (a lowercase slug such as new-york)")
        XCTAssertEqual(try error { $0["context"] = .object(["singapore": .uint(0)]) },
                       "invalid_value in field 'context.singapore': must be at least 1 (omit actors with nothing seen)")
        XCTAssertEqual(try error { $0["context"] = .object(["birmingham": .uint(3)]) },
                       "invalid_value in field 'context.birmingham': is 3, but a revision's context cannot include its own write birmingham:3")
        XCTAssertEqual(try error { $0["context"] = .array([]) },
                       "wrong_type in field 'context': must be an object, got array")
        XCTAssertEqual(try error { $0["content"] = .object(["tags": .array([.string("a"), .number("1")])]) },
                       "wrong_type in field 'content.tags[1]': must be a string, got number")
        XCTAssertEqual(try error { $0["content"] = .object(["title": .bool(true)]) },
                       "wrong_type in field 'content.title': must be a string or an array of strings, got boolean")
        XCTAssertEqual(try error { $0["signature"] = .string("AAAA") },
                       "invalid_value in field 'signature': must be base64url (no padding) of a 64-byte Ed25519 signature")
        XCTAssertEqual(try error { $0["content"] = .object(["body": .string(String(repeating: "x", count: WireLimits.maxTextBytes + 1))]) },
                       "too_large in field 'content.body': text is 1048577 bytes; at most 1048576 are allowed")
    }

    func testEpochActorAndUnknownMembersAreAccepted() throws {
        var o = try validObject()
        o["actor"] = .string("birmingham~2")
        o["future_member"] = .string("ignored")
        let s = try WireRevision.decode(WireJSON.object(o).serialized())
        XCTAssertEqual(s.revision.dot, Dot(actor: "birmingham~2", counter: 3))
    }

    func testEveryPrefixFails() throws {
        let bytes = WireRevision.encode(try Fixtures.signed(Fixtures.vectorRevision, with: Fixtures.key()))
        for n in stride(from: 0, to: bytes.count, by: 1) {
            XCTAssertThrowsError(try WireRevision.decode(Array(bytes[..<n])))
        }
    }
}

final class ActorNameTests: XCTestCase {
    func testActors() {
        for ok in ["birmingham", "new-york", "birmingham~2", "birmingham~10"] {
            XCTAssertTrue(WireRevision.isValidActor(ok), ok)
        }
        for bad in ["", "Birmingham", "birmingham~1", "birmingham~0", "birmingham~02", "birmingham~", "birmingham~x",
                    "birmingham~2~3", "~2", "new--york", "birmingham ~2"] {
            XCTAssertFalse(WireRevision.isValidActor(bad), bad)
        }
        XCTAssertEqual(WireRevision.node(ofActor: "birmingham~3"), "birmingham")
        XCTAssertEqual(WireRevision.node(ofActor: "birmingham"), "birmingham")
    }
}
