import XCTest
import SyncCore
@testable import SyncWeb
import TestSupport

/// The pages: hostile text inert, languages marked, names and dates right.
final class WebPagesTests: XCTestCase {
    static let hostileTitle = #"<script>alert(1)</script> "><img src=x onerror=alert(2)>"#
    let pages = WebPages(site: WebSite(nodeName: "zürich", baseURL: "https://zh.example:8443/",
                                       cities: [WebFacet(name: "Gdańsk", count: 2), WebFacet(name: "<b>x</b>", count: 1)],
                                       categories: [WebFacet(name: "Open Data", count: 3)]))

    func hostileDocument() -> WebDocument {
        var c = Content()
        c["title"] = .text(Self.hostileTitle)
        c["summary"] = .text("Zürich, Gdańsk & São Paulo\n\nSecond <p>aragraph")
        c["city"] = .text("São Paulo")
        c["category"] = .text("\"><svg onload=alert(3)>")
        c["language"] = .text("pt-BR")
        c["published_date"] = .text("2024-02-29")
        c["source_url"] = .text("javascript:alert(4)")
        c["tags"] = .list(["a-tag"])
        return WebDocument(id: "gdansk.abc", kind: .article, content: c, deleted: false,
                           history: [WebRevision(revisionID: "gdansk:1", author: "gdansk", millis: 1_709_208_000_000, deleted: false)])
    }

    /// No element or attribute that could run script made it through: every
    /// tag is one the renderer writes, no attribute is an event handler or
    /// style, and no link points at `javascript:`.
    func assertInert(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        let tags = MarkupScan.tags(html)
        XCTAssertGreaterThan(tags.count, 10, file: file, line: line)
        for tag in tags {
            XCTAssertTrue(MarkupScan.allowedTags.contains(tag.name), "unexpected element <\(tag.name)>", file: file, line: line)
            for attribute in tag.attributes {
                XCTAssertFalse(attribute.hasPrefix("on") || attribute == "style" || attribute == "srcdoc",
                               "unexpected attribute \(attribute) on <\(tag.name)>", file: file, line: line)
            }
        }
        XCTAssertFalse(html.lowercased().contains("href=\"javascript:"), file: file, line: line)
    }

    func testDocumentPageEscapesEverythingAndMarksItsLanguage() {
        let html = pages.document(hostileDocument())
        assertInert(html)
        XCTAssertTrue(html.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt;</h1>"), html)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        XCTAssertTrue(html.contains("<article lang=\"pt-BR\">"))
        XCTAssertTrue(html.contains("<code>javascript:alert(4)</code> (not a web address, so not a link)"))
        XCTAssertTrue(html.contains("<a href=\"/city/S%C3%A3o%20Paulo\">São Paulo</a>"))
        XCTAssertTrue(html.contains("<time datetime=\"2024-02-29\">29 February 2024</time>"))
        XCTAssertTrue(html.contains("<p>Zürich, Gdańsk &amp; São Paulo</p>\n<p>Second &lt;p&gt;aragraph</p>"))
        XCTAssertTrue(html.contains("<td>gdansk</td><td><time datetime=\"2024-02-29T12:00:00Z\">29 February 2024, 12:00:00 UTC</time></td>"))
        XCTAssertTrue(html.contains("<title>&lt;script&gt;"))
        for landmark in ["<header>", "<nav aria-label=\"Main\">", "<main id=\"main\">", "<footer>", "role=\"search\""] {
            XCTAssertTrue(html.contains(landmark), landmark)
        }
    }

    func testHTTPSourceBecomesALink() {
        var doc = hostileDocument()
        doc.content["source_url"] = .text(#"https://example.org/"><script>x</script>"#)
        let html = pages.document(doc)
        assertInert(html)
        XCTAssertTrue(html.contains(#"<a href="https://example.org/&quot;&gt;&lt;script&gt;x&lt;/script&gt;" rel="noopener noreferrer nofollow">"#), html)
    }

    func testConflictShowsBothVersionsAndAPlainNote() throws {
        var doc = hostileDocument()
        var a = doc.content, b = doc.content
        a["title"] = .text("Birmingham's title")
        b["title"] = .text("<i>Singapore's</i> title")
        doc.versions = [
            WebVersion(revision: WebRevision(revisionID: "birmingham:3", author: "birmingham", millis: 1_000, deleted: false), content: a),
            WebVersion(revision: WebRevision(revisionID: "singapore:2", author: "singapore", millis: 2_000, deleted: false), content: b),
        ]
        doc.conflictFields = ["title"]
        let html = pages.document(doc)
        assertInert(html)
        XCTAssertTrue(html.contains("birmingham and singapore changed this document at the same time, and their changes to the title could not be combined."), html)
        XCTAssertTrue(html.contains("<div class=\"versions\">"))
        XCTAssertTrue(html.contains("Version by birmingham"))
        XCTAssertTrue(html.contains("Version by singapore"))
        XCTAssertTrue(html.contains("Birmingham&#39;s title"))
        XCTAssertTrue(html.contains("&lt;i&gt;Singapore&#39;s&lt;/i&gt; title"))
        XCTAssertTrue(html.contains("<section lang=\"pt-BR\">"))
        let start = try XCTUnwrap(html.range(of: "<div class=\"versions\">"))
        let end = try XCTUnwrap(html.range(of: "</div>", range: start.upperBound..<html.endIndex))
        let versions = String(html[start.lowerBound..<end.upperBound])
        XCTAssertTrue(versions.contains("<dt>Title</dt>"))
        XCTAssertFalse(versions.contains("<dt>Summary</dt>"), "fields both versions share stay out of the comparison")
        XCTAssertTrue(html.contains("side by side below, with the fields they differ in."))
    }

    func testListingsAndFilters() {
        let items = [WebSummary(id: "a.1", kind: .talk, title: Self.hostileTitle, city: "Gdańsk", category: "Open Data",
                                date: "2023-06-14", tags: ["x"], inConflict: true)]
        let html = pages.front(items, query: WebQuery(city: "Gdańsk", page: 2), hasMore: true)
        assertInert(html)
        XCTAssertTrue(html.contains("<option value=\"Gdańsk\" selected>Gdańsk (2)</option>"), html)
        XCTAssertTrue(html.contains("<option value=\"&lt;b&gt;x&lt;/b&gt;\">&lt;b&gt;x&lt;/b&gt; (1)</option>"))
        XCTAssertTrue(html.contains("<label>Tag<input type=\"text\" name=\"tag\""))
        XCTAssertTrue(html.contains("<ol class=\"results\" start=\"21\">"))
        XCTAssertTrue(html.contains("<a rel=\"prev\" href=\"/?city=Gda%C5%84sk\">Newer</a>"), html)
        XCTAssertTrue(html.contains("<a rel=\"next\" href=\"/?city=Gda%C5%84sk&amp;page=3\">Older</a>"))
        XCTAssertTrue(html.contains("<strong>in conflict</strong>"))
        XCTAssertTrue(html.contains("<time datetime=\"2023-06-14\">14 June 2023</time>"))
        XCTAssertTrue(html.contains("<a class=\"site\" href=\"/\">zürich</a>"))
    }

    func testSearchPageHighlightsAndEscapesTheQuery() {
        let hit = WebSummary(id: "a.1", kind: .article, title: "Customer service", city: "x", category: "", date: "",
                             tags: [], snippet: "our [customer] [service] <script>")
        let html = pages.search([hit], query: WebQuery(text: "\"><script>"), hasMore: false)
        assertInert(html)
        XCTAssertTrue(html.contains("<p class=\"snippet\">our <mark>customer</mark> <mark>service</mark> &lt;script&gt;</p>"))
        XCTAssertTrue(html.contains("value=\"&quot;&gt;&lt;script&gt;\""))
        XCTAssertTrue(html.contains("href=\"/search/feed.atom?q=%22%3E%3Cscript%3E\""))
    }

    func testCityPageKeepsItsFilterOutOfThePager() {
        let html = pages.scoped("city", name: "Zürich", items: [], query: WebQuery(city: "Zürich", page: 2), hasMore: false)
        XCTAssertTrue(html.contains("<h1>City: Zürich</h1>"))
        XCTAssertTrue(html.contains("<a rel=\"prev\" href=\"/city/Z%C3%BCrich\">Newer</a>"), html)
        XCTAssertTrue(html.contains("href=\"/city/Z%C3%BCrich/feed.atom\""))
    }
}
