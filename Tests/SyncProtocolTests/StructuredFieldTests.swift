import XCTest
import SyncProtocol

final class StructuredFieldTests: XCTestCase {
    func parse(_ s: String) throws -> StructuredField.Dictionary { try StructuredFieldParser.parseDictionary(s) }

    func error(_ s: String) -> String {
        do { _ = try StructuredFieldParser.parseDictionary(s); return "no error" } catch { return error.description }
    }

    func testSignatureInputShape() throws {
        let d = try parse(#"sig1=("@method" "@target-uri";req "content-digest");created=1618884473;keyid="a\"b";alg="ed25519", sig2=?0"#)
        XCTAssertEqual(d.keys, ["sig1", "sig2"])
        guard case .innerList(let l)? = d["sig1"] else { return XCTFail("not an inner list") }
        XCTAssertEqual(l.items.count, 3)
        XCTAssertEqual(l.items[1], StructuredField.Item(.string("@target-uri"), .init([("req", .boolean(true))])))
        XCTAssertEqual(l.parameters["created"], .integer(1_618_884_473))
        XCTAssertEqual(l.parameters["keyid"], .string("a\"b"))
        XCTAssertEqual(l.serialized(), #"("@method" "@target-uri";req "content-digest");created=1618884473;keyid="a\"b";alg="ed25519""#)
        XCTAssertEqual(d["sig2"], .item(.init(.boolean(false))))
    }

    func testItemsAndRoundTrip() throws {
        let text = #"a=1, b=-2.5, c="s", d=tok/en:x, e=:AQID:, f, g=?0;p;q=*t, h=()"#
        let d = try parse(text)
        XCTAssertEqual(d["a"], .item(.init(.integer(1))))
        XCTAssertEqual(d["b"], .item(.init(.decimal("-2.5"))))
        XCTAssertEqual(d["d"], .item(.init(.token("tok/en:x"))))
        XCTAssertEqual(d["e"], .item(.init(.byteSequence([1, 2, 3]))))
        XCTAssertEqual(d["f"], .item(.init(.boolean(true))))
        XCTAssertEqual(d.serialized(), text)
        // Whitespace variants parse to the same value.
        XCTAssertEqual(try parse("  a=1 ,\tb=2"), try parse("a=1, b=2"))
        // Unpadded base64 is accepted.
        XCTAssertEqual(try parse("x=:AQ:")["x"], .item(.init(.byteSequence([1]))))
    }

    func testExactErrors() {
        XCTAssertEqual(error("a=1,"), "at byte 4: trailing ',' at the end of the dictionary")
        XCTAssertEqual(error("a=1, a=2"), "at byte 5: duplicate dictionary key 'a'")
        XCTAssertEqual(error("A=1"), "at byte 0: expected a key (lowercase letter or '*'), got 'A'")
        XCTAssertEqual(error("a=(1 2"), "at byte 6: unterminated inner list (missing ')')")
        XCTAssertEqual(error("a=(1,2)"), "at byte 4: expected a space or ')' in inner list, got ','")
        XCTAssertEqual(error("a=\"x"), "at byte 4: unterminated string")
        XCTAssertEqual(error("a=\"\\n\""), "at byte 3: invalid escape in string (only \\\" and \\\\ are allowed)")
        XCTAssertEqual(error("a=\"é\""), "at byte 3: string contains a non-printable or non-ASCII byte")
        XCTAssertEqual(error("a=:AQ"), "at byte 2: unterminated byte sequence (missing ':')")
        XCTAssertEqual(error("a=:A$:"), "at byte 2: byte sequence is not valid base64")
        XCTAssertEqual(error("a=1234567890123456"), "at byte 18: integer has more than 15 digits")
        XCTAssertEqual(error("a=?2"), "at byte 3: expected ?0 or ?1")
        XCTAssertEqual(error("a=1;p;p"), "at byte 6: duplicate parameter 'p'")
        XCTAssertEqual(error("a=1 b=2"), "at byte 4: expected ',' between dictionary members, got 'b'")
        XCTAssertEqual(error("a=%"), "at byte 2: expected an item, got '%'")
    }

    /// No prefix of a valid field crashes the parser; the ones that are not
    /// valid dictionaries themselves are errors.
    func testPrefixesNeverCrash() {
        let text = #"sig1=("@method" "@target-uri" "content-digest");created=1;expires=2;nonce="n";keyid="k";alg="ed25519""#
        var accepted = 0
        for n in 0...text.utf8.count {
            if (try? parse(String(decoding: Array(text.utf8)[..<n], as: UTF8.self))) != nil { accepted += 1 }
        }
        XCTAssertGreaterThan(accepted, 1)
        XCTAssertLessThan(accepted, text.utf8.count / 2)
    }
}
