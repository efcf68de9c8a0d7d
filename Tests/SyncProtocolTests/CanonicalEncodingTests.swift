import XCTest
import SyncCore
import SyncCrypto
import SyncProtocol

final class CanonicalEncodingTests: XCTestCase {
    func str(_ s: String) -> [UInt8] {
        let b = Array(s.utf8)
        return [UInt8(b.count >> 24), UInt8(b.count >> 16 & 255), UInt8(b.count >> 8 & 255), UInt8(b.count & 255)] + b
    }

    func testMinimalRevisionBytesExactly() {
        let r = Revision(documentID: "a.b", kind: .talk, dot: Dot(actor: "a", counter: 1), context: VersionVector(),
                         author: "a", timestamp: HybridTimestamp(millis: 2, logical: 3), tombstone: true, content: Content())
        var expected: [UInt8] = []
        expected += str("syncnode-revision-v1") + [1]
        expected += str("a.b") + str("talk")
        expected += str("a") + [0, 0, 0, 0, 0, 0, 0, 1]
        expected += [0, 0, 0, 0]
        expected += str("a")
        expected += [0, 0, 0, 0, 0, 0, 0, 2] + [0, 0, 0, 3]
        expected += [1]
        expected += [0, 0, 0, 0]
        XCTAssertEqual(CanonicalEncoding.signingBytes(of: r), expected)
    }

    func testContextAndContentAreSortedByUTF8Bytes() {
        var r = Fixtures.revision()
        r.context = VersionVector(["zeta": 1, "alpha": 258, "Zulu": 3])
        r.content = Content(["b": .text("x"), "a": .list(["z", "é", "a", "A"])])
        var expected: [UInt8] = []
        expected += str("syncnode-revision-v1") + [1]
        expected += str("birmingham.abc") + str("article")
        expected += str("birmingham") + [0, 0, 0, 0, 0, 0, 0, 1]
        expected += [0, 0, 0, 3]
        expected += str("Zulu") + [0, 0, 0, 0, 0, 0, 0, 3]
        expected += str("alpha") + [0, 0, 0, 0, 0, 0, 1, 2]
        expected += str("zeta") + [0, 0, 0, 0, 0, 0, 0, 1]
        expected += str("birmingham")
        expected += [0, 0, 0, 0, 0, 0, 0x03, 0xE9] + [0, 0, 0, 0]
        expected += [0]
        expected += [0, 0, 0, 2]
        expected += str("a") + [2, 0, 0, 0, 4] + str("A") + str("a") + str("z") + str("é")
        expected += str("b") + [1] + str("x")
        XCTAssertEqual(CanonicalEncoding.signingBytes(of: r), expected)
    }

    func testEveryFieldChangesTheBytes() {
        let base = Fixtures.vectorRevision
        let bytes = CanonicalEncoding.signingBytes(of: base)
        var variants: [Revision] = []
        var r = base; r.documentID = "birmingham.x"; variants.append(r)
        r = base; r.kind = .talk; variants.append(r)
        r = base; r.dot.actor = "birmingham~2"; variants.append(r)
        r = base; r.dot.counter = 4; variants.append(r)
        r = base; r.context = VersionVector(["birmingham": 2]); variants.append(r)
        r = base; r.context = VersionVector(["birmingham": 2, "singapore": 6]); variants.append(r)
        r = base; r.author = "singapore"; variants.append(r)
        r = base; r.timestamp.millis += 1; variants.append(r)
        r = base; r.timestamp.logical += 1; variants.append(r)
        r = base; r.tombstone = true; variants.append(r)
        r = base; r.content["title"] = .text("Canal restoration begins!"); variants.append(r)
        r = base; r.content["tags"] = .list(["heritage"]); variants.append(r)
        r = base; r.content["tags"] = .text("heritage"); variants.append(r)
        r = base; r.content["city"] = .text("Birmingham"); variants.append(r)
        var seen: Set<[UInt8]> = [bytes]
        for (i, v) in variants.enumerated() {
            XCTAssertTrue(seen.insert(CanonicalEncoding.signingBytes(of: v)).inserted, "variant \(i) collides")
        }
    }

    /// Length prefixes make field boundaries unambiguous: moving bytes from
    /// one field to the next changes the encoding.
    func testFieldBoundariesAreUnambiguous() {
        var a = Fixtures.revision()
        a.content = Content(["ab": .text("c")])
        var b = a
        b.content = Content(["a": .text("bc")])
        XCTAssertNotEqual(CanonicalEncoding.signingBytes(of: a), CanonicalEncoding.signingBytes(of: b))
        var c = a
        c.content = Content(["a": .list(["b", "c"])])
        var d = a
        d.content = Content(["a": .list(["bc"])])
        XCTAssertNotEqual(CanonicalEncoding.signingBytes(of: c), CanonicalEncoding.signingBytes(of: d))
    }

    func testInsertionOrderDoesNotMatter() {
        var a = Fixtures.revision()
        var b = a
        a.context = VersionVector(["x": 1, "y": 2, "z": 3])
        b.context = VersionVector(["z": 3, "x": 1, "y": 2])
        a.content = Content(["title": .text("t"), "body": .text("b"), "tags": .list(["b", "a"])])
        b.content = Content(["tags": .list(["a", "b", "a"]), "body": .text("b"), "title": .text("t")])
        XCTAssertEqual(CanonicalEncoding.signingBytes(of: a), CanonicalEncoding.signingBytes(of: b))
    }

    func testSignatureOverCanonicalBytesRoundTrips() throws {
        let key = try Fixtures.key()
        let s = try Fixtures.signed(Fixtures.vectorRevision, with: key)
        XCTAssertTrue(key.publicKey.isValidSignature(s.signature, for: CanonicalEncoding.signingBytes(of: s.revision)))
        var tampered = s.revision
        tampered.content["title"] = .text("Canal restoration ends")
        XCTAssertFalse(key.publicKey.isValidSignature(s.signature, for: CanonicalEncoding.signingBytes(of: tampered)))
    }
}
