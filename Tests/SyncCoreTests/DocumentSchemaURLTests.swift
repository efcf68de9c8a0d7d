@testable import SyncCore
import XCTest

/// `DocumentSchema.isURL` runs for every revision received, so it works on
/// bytes and scalars; it must still say what the character-based rule said.
final class DocumentSchemaURLTests: XCTestCase {
    /// The rule as first written, on characters: the reference.
    private func reference(_ s: String) -> Bool {
        let lower = s.lowercased()
        let rest: Substring
        if lower.hasPrefix("https://") { rest = s.dropFirst(8) }
        else if lower.hasPrefix("http://") { rest = s.dropFirst(7) }
        else { return false }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        return !host.isEmpty && !s.contains(where: { $0.isWhitespace || $0.isNewline })
    }

    func testAcceptsAbsoluteHTTPURLsWithAHost() {
        for url in ["https://www.birmingham.gov.uk/news", "http://example.org", "HTTPS://EXAMPLE.ORG/A?b=c#d",
                    "https://straße.de/über", "http://127.0.0.1:8443/x", "https://a"] {
            XCTAssertTrue(DocumentSchema.isURL(url), url)
        }
    }

    func testRefusesOtherSchemesMissingHostsAndWhitespace() {
        for url in ["", "ftp://example.org", "https://", "https:///path", "https://?q", "https://#f", "http:/example.org",
                    "example.org", "https://exa mple.org", "https://example.org/\tx", "https://example.org/\n",
                    "https://example.org/\u{A0}", "https://example.org/\u{2028}", "https://example.org/\u{3000}",
                    "https://example.org/\u{85}", " https://example.org"] {
            XCTAssertFalse(DocumentSchema.isURL(url), url.debugDescription)
        }
    }

    /// docs/protocol.md states the rule on code points, as another city's
    /// node would implement it: a combining mark right after the scheme is
    /// a (strange) host, where the character-based rule saw "/" + mark as
    /// one character that is not "/".
    func testTheRuleIsOnCodePointsNotCharacters() {
        XCTAssertTrue(DocumentSchema.isURL("https://\u{301}x.org"))
        XCTAssertFalse(reference("https://\u{301}x.org"), "the old rule differed here")
    }

    /// The same answer as the character-based rule on every mix of these
    /// pieces (no combining marks: see above).
    func testAgreesWithTheCharacterBasedRule() {
        let pieces = ["https://", "HTTP://", "http:/", "h", "é", "/", "?", "#", " ", "\t", "\r\n", "\u{A0}",
                      "\u{200B}", "\u{FEFF}", "x.org", "\u{1F600}", "\u{85}", "\u{2029}"]
        var generator = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let count = Int(generator.next() % 5) + 1
            let s = (0..<count).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))] }.joined()
            XCTAssertEqual(DocumentSchema.isURL(s), reference(s), s.debugDescription)
        }
    }
}
