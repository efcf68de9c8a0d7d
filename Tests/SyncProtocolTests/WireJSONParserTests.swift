import XCTest
import SyncProtocol

final class WireJSONParserTests: XCTestCase {
    func parse(_ s: String) throws -> WireJSON { try WireJSONParser.parse(Array(s.utf8)) }

    func error(_ s: String) -> String {
        do { _ = try WireJSONParser.parse(Array(s.utf8)); return "no error" } catch { return error.description }
    }

    func testValues() throws {
        XCTAssertEqual(try parse(" {\"a\": [1, -2.5e3, true, false, null, \"x\"]} \n"),
                       .object(["a": .array([.number("1"), .number("-2.5e3"), .bool(true), .bool(false), .null, .string("x")])]))
        XCTAssertEqual(try parse("\"\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\""), .string("é😀\n\"\\/"))
        XCTAssertEqual(try parse("18446744073709551615"), .number("18446744073709551615"))
        XCTAssertEqual(try parse("[]"), .array([]))
        XCTAssertEqual(try parse("{}"), .object([:]))
        XCTAssertEqual(try parse("\"é\""), .string("é"))
    }

    func testExactErrors() {
        XCTAssertEqual(error(""), "malformed_json: at byte 0: expected a value, got end of input")
        XCTAssertEqual(error("{\"a\":1,}"), "malformed_json: at byte 7: expected a string key, got '}'")
        XCTAssertEqual(error("{\"a\":1,\"a\":2}"), "malformed_json: at byte 7: duplicate object key \"a\"")
        XCTAssertEqual(error("[1 2]"), "malformed_json: at byte 3: expected ',' or ']', got '2'")
        XCTAssertEqual(error("{\"a\" 1}"), "malformed_json: at byte 5: expected ':' after object key, got '1'")
        XCTAssertEqual(error("01"), "malformed_json: at byte 1: leading zero in number")
        XCTAssertEqual(error("1."), "malformed_json: at byte 2: expected a digit after '.' in number")
        XCTAssertEqual(error("-"), "malformed_json: at byte 1: expected a digit in number")
        XCTAssertEqual(error("tru"), "malformed_json: at byte 3: invalid literal, expected 'true'")
        XCTAssertEqual(error("{} x"), "malformed_json: at byte 3: unexpected 'x' after the JSON value")
        XCTAssertEqual(error("\"a\u{01}\""), "malformed_json: at byte 2: unescaped control character in string")
        XCTAssertEqual(error("\"\\x\""), "malformed_json: at byte 2: invalid escape '\\x' in string")
        XCTAssertEqual(error("\"\\ud800\""), "malformed_json: at byte 7: unpaired surrogate \\ud800 in string")
        XCTAssertEqual(error("\"\\udc00\""), "malformed_json: at byte 7: unpaired surrogate \\udc00 in string")
        XCTAssertEqual(error("\"abc"), "malformed_json: at byte 4: unterminated string")
        XCTAssertEqual(error("\u{FEFF}{}"), "malformed_json: at byte 0: expected a value, got byte 0xef")
        XCTAssertEqual(error(String(repeating: "[", count: 40)), "malformed_json: at byte 32: nesting deeper than 32 levels")
    }

    func testInvalidUTF8() {
        XCTAssertThrowsError(try WireJSONParser.parse([0x22, 0xC3, 0x28, 0x22])) { e in
            XCTAssertEqual("\(e)", "malformed_json: at byte 1: string is not valid UTF-8")
        }
        XCTAssertThrowsError(try WireJSONParser.parse([0x22, 0x5C, 0x6E, 0xFF, 0x22])) { e in
            XCTAssertEqual("\(e)", "malformed_json: at byte 5: string is not valid UTF-8")
        }
    }

    /// Every proper prefix of a valid document is an error (never a crash,
    /// never a partial value), and the whole document parses.
    func testEveryPrefixOfAValidDocumentFails() throws {
        let doc = Array("{\"k\": [1, \"two\\u0021\", {\"x\": null}], \"b\": false, \"n\": -0.5E+2}".utf8)
        XCTAssertNoThrow(try WireJSONParser.parse(doc))
        for n in 0..<doc.count {
            let prefix = Array(doc[..<n])
            XCTAssertThrowsError(try WireJSONParser.parse(prefix), "prefix of \(n) bytes parsed")
        }
        // Two documents concatenated are one error, not two values.
        XCTAssertThrowsError(try WireJSONParser.parse(doc + doc))
    }

    func testSerializationIsSortedAndEscaped() {
        let v = WireJSON.object(["b": .string("q\"\\\n\u{01}é"), "a": .array([.uint(1), .bool(true), .null]), "B": .int(-3)])
        XCTAssertEqual(String(decoding: v.serialized(), as: UTF8.self),
                       "{\"B\":-3,\"a\":[1,true,null],\"b\":\"q\\\"\\\\\\n\\u0001é\"}")
        XCTAssertEqual(try WireJSONParser.parse(v.serialized()), v)
    }
}
