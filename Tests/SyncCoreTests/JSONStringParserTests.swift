import SyncCore
import XCTest

/// `JSONParser`'s strings are scanned eight bytes at a time. Whatever the
/// alignment of a quote, backslash, control character or multi-byte
/// character, the value and the error (its offset included) must be those
/// of a byte-by-byte reading.
final class JSONStringParserTests: XCTestCase {
    private let pieces = ["a", "bc", "\"", "\\", "\n", "\t", "\u{01}", "\u{1F}", "/", "é", "東", "🚋", " ", "x\u{7F}",
                          "\\u", "0123456"]

    func testStringsRoundTripAtEveryAlignment() throws {
        var rng = SystemRandomNumberGenerator()
        for length in 0..<40 {
            for _ in 0..<25 {
                let s = (0..<length).map { _ in pieces.randomElement(using: &rng)! }.joined()
                for pad in 0..<9 {
                    var bytes = Array(repeating: UInt8(ascii: " "), count: pad)
                    JSONValue.writeString(s, to: &bytes)
                    XCTAssertEqual(try JSONParser.parse(bytes), .string(s), "\(s.debugDescription) after \(pad) spaces")
                    // The same string as an object's key and value, twice in an array.
                    let text = "[{\(String(decoding: bytes, as: UTF8.self)):1},\(String(decoding: bytes, as: UTF8.self))]"
                    XCTAssertEqual(try JSONParser.parse(text), .array([.object([s: .number("1")]), .string(s)]))
                }
            }
        }
    }

    func testARawControlCharacterIsReportedWhereItIs() {
        for before in 0..<20 {
            for escaped in [false, true] {
                let prefix = String(repeating: "p", count: before) + (escaped ? "\\n" : "")
                let bytes = Array("\"\(prefix)".utf8) + [0x0A] + Array("tail\"".utf8)
                XCTAssertThrowsError(try JSONParser.parse(bytes)) { error in
                    let e = error as! JSONParseError
                    XCTAssertEqual(e.offset, bytes.firstIndex(of: 0x0A), "after \(before) bytes, escaped: \(escaped)")
                    XCTAssertTrue(e.reason.contains("unescaped control character"), e.reason)
                }
            }
        }
    }

    func testUnterminatedAndInvalidStringsAreRefused() {
        for n in 0..<20 {
            let body = String(repeating: "q", count: n)
            XCTAssertThrowsError(try JSONParser.parse("\"" + body)) { XCTAssertTrue(($0 as! JSONParseError).reason.contains("unterminated string")) }
            XCTAssertThrowsError(try JSONParser.parse("\"" + body + "\\n")) { XCTAssertTrue(($0 as! JSONParseError).reason.contains("unterminated string")) }
            XCTAssertThrowsError(try JSONParser.parse(Array("\"\(body)".utf8) + [0xC3, 0x28, 0x22])) {
                XCTAssertTrue(($0 as! JSONParseError).reason.contains("not valid UTF-8"))
            }
            XCTAssertThrowsError(try JSONParser.parse(Array("\"\(body)\\t".utf8) + [0xFF, 0x22])) {
                XCTAssertTrue(($0 as! JSONParseError).reason.contains("not valid UTF-8"))
            }
        }
    }
}
