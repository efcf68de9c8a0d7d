import SyncCore
import XCTest

/// `JSONValue.writeString`: the escaping every stored revision and view
/// goes through; its bytes must not change when it gets faster.
final class JSONStringWriterTests: XCTestCase {
    private func written(_ s: String) -> String {
        var out: [UInt8] = []
        JSONValue.writeString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func testOnlyQuotesBackslashesAndControlCharactersAreEscaped() {
        XCTAssertEqual(written(""), "\"\"")
        XCTAssertEqual(written("plain text"), "\"plain text\"")
        XCTAssertEqual(written("say \"hi\"\\now"), "\"say \\\"hi\\\"\\\\now\"")
        XCTAssertEqual(written("a\nb\rc\td"), "\"a\\nb\\rc\\td\"")
        XCTAssertEqual(written("\u{01}x\u{1F}\u{0B}"), "\"\\u0001x\\u001f\\u000b\"")
        XCTAssertEqual(written("Gdańsk, Zürich → 🚲 \u{7F}"), "\"Gdańsk, Zürich → 🚲 \u{7F}\"", "UTF-8 and DEL pass through")
        XCTAssertEqual(written("\"\""), "\"\\\"\\\"\"", "escapes next to each other and at both ends")
    }

    func testEveryControlCharacterRoundTripsThroughTheParser() throws {
        let all = String(decoding: (0..<0x20).map { UInt8($0) } + Array("end".utf8), as: UTF8.self)
        XCTAssertEqual(try JSONParser.parse(written(all)), .string(all))
    }

    /// The writer finds what to escape eight bytes at a time; at every
    /// alignment its bytes must be those of the byte-by-byte rule.
    func testEscapesAtEveryAlignmentMatchTheByteRule() {
        func byRule(_ s: String) -> String {
            var out = "\""
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where u.value < 0x20: out += "\\u00" + (u.value < 0x10 ? "0" : "") + String(u.value, radix: 16)
                default: out.unicodeScalars.append(u)
                }
            }
            return out + "\""
        }
        let pieces = ["a", "bcdefgh", "\"", "\\", "\n", "\u{01}", "\u{1F}", "é", "東", "🚋", "\u{7F}", " "]
        var rng = SystemRandomNumberGenerator()
        for length in 0..<30 {
            for _ in 0..<40 {
                let s = (0..<length).map { _ in pieces.randomElement(using: &rng)! }.joined()
                XCTAssertEqual(written(s), byRule(s), s.debugDescription)
            }
        }
    }
}
