import XCTest
@testable import SyncWeb

/// Text from other cities must render as text: every markup character escaped,
/// only http(s) URLs made links.
final class EscapingTests: XCTestCase {
    func testEscapesMarkupAndQuotes() {
        XCTAssertEqual(HTML.escape("<script>alert(1)</script>"), "&lt;script&gt;alert(1)&lt;/script&gt;")
        XCTAssertEqual(HTML.escape(#""><img src=x onerror='a'>"#), "&quot;&gt;&lt;img src=x onerror=&#39;a&#39;&gt;")
        XCTAssertEqual(HTML.escape("Tom & Jerry"), "Tom &amp; Jerry")
    }

    func testKeepsNonASCIIAndDropsControlCharacters() {
        XCTAssertEqual(HTML.escape("Zürich, Gdańsk, São Paulo"), "Zürich, Gdańsk, São Paulo")
        XCTAssertEqual(HTML.escape("a\u{0}b\u{1B}c\u{7F}d\u{85}e\u{FFFE}f\tg\nh"), "abcdef\tg\nh")
        XCTAssertEqual(XML.escape("x\u{0B}y'"), "xy&#39;")
    }

    func testSnippetMarksOnlyBalancedPairsAndEscapesTheRest() {
        XCTAssertEqual(HTML.snippet("our [customer] [service] <b>"),
                       "our <mark>customer</mark> <mark>service</mark> &lt;b&gt;")
        XCTAssertEqual(HTML.snippet("[<script>"), "<mark>&lt;script&gt;</mark>")
        XCTAssertEqual(HTML.snippet("a ] b"), "a ] b")
    }

    func testOnlyHTTPURLsBecomeLinks() {
        XCTAssertEqual(WebLink.external("https://example.org/a?b=c"), "https://example.org/a?b=c")
        XCTAssertEqual(WebLink.external("HTTP://example.org"), "HTTP://example.org")
        for hostile in ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:text/html,<script>",
                        "//evil.example", "/relative", "https://", "https://exa mple.org", "http://x\u{0}y", "vbscript:x"] {
            XCTAssertNil(WebLink.external(hostile), hostile)
        }
    }

    func testEncodesPathSegmentsAndQueries() {
        XCTAssertEqual(WebLink.city("Zürich"), "/city/Z%C3%BCrich")
        XCTAssertEqual(WebLink.category("a/b <c>"), "/category/a%2Fb%20%3Cc%3E")
        XCTAssertEqual(WebLink.with("/search", [("q", "a&b=\"c\"")]), "/search?q=a%26b%3D%22c%22")
        XCTAssertEqual(WebLink.with("/", []), "/")
    }

    func testLanguageTags() {
        XCTAssertEqual(HTML.languageTag("en"), "en")
        XCTAssertEqual(HTML.languageTag("pt-BR"), "pt-BR")
        XCTAssertEqual(HTML.languageTag("zh-Hant-TW"), "zh-Hant-TW")
        XCTAssertNil(HTML.languageTag(""))
        XCTAssertNil(HTML.languageTag("en\" onload=\"x"))
        XCTAssertNil(HTML.languageTag("e"))
        XCTAssertNil(HTML.languageTag("en-"))
    }
}
