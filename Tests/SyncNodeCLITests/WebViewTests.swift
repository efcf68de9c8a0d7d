import Foundation
import Subprocess
import SyncCrypto
import TestSupport
import XCTest

/// The web view and feeds of a real `syncnode serve` over loopback TLS, read
/// with curl like a browser or feed reader would: pages, search, feeds,
/// conditional GET, hostile text from another city, and that browsing never
/// writes the store.
final class WebViewTests: OperationsTestCase {
    /// A status, lower-cased header names with their values, and the body.
    struct Page {
        let status: Int
        let headers: [String: [String]]
        let body: String

        func header(_ name: String) -> String? { headers[name.lowercased()]?.first }
    }

    static let hostileTitle = #"<script>alert(1)</script> "><img src=x onerror=alert(2)>"#
    static let hostileURL = #"https://example.org/"><script>alert(4)</script>"#

    /// `curl` against `url + path`, trusting only this test's CA.
    func fetch(_ url: String, _ path: String, method: String = "GET", headers: [String] = [],
               file: StaticString = #filePath, line: UInt = #line) throws -> Page {
        var args = ["-sS", "--globoff", "--max-time", "20", "--cacert", try ca().caCertificatePath, "-D", "-"] + (method == "HEAD" ? ["-I"] : ["-X", method])
        if method == "POST" { args += ["--data", "x=1"] }
        for h in headers { args += ["-H", h] }
        args.append(url + path)
        let result = try ProcessRunner.run("/usr/bin/curl", args, timeout: 30)
        XCTAssertEqual(result.status, 0, "curl \(path): \(result)", file: file, line: line)
        let text = result.stdout
        guard let split = text.range(of: "\r\n\r\n") else {
            XCTFail("no header block from \(path): \(text)", file: file, line: line)
            return Page(status: 0, headers: [:], body: "")
        }
        let lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let status = Int(lines.first?.split(separator: " ").dropFirst().first ?? "") ?? 0
        var parsed: [String: [String]] = [:]
        for l in lines.dropFirst() {
            guard let colon = l.firstIndex(of: ":") else { continue }
            parsed[l[..<colon].lowercased(), default: []].append(l[l.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Page(status: status, headers: parsed, body: String(text[split.upperBound...]))
    }

    /// The store's bytes (main file and write-ahead log), hashed.
    func storeDigest(_ node: Node) throws -> String {
        var bytes: [UInt8] = []
        for suffix in ["", "-wal"] {
            let path = node.home + "/store.sqlite" + suffix
            if FileManager.default.fileExists(atPath: path) { bytes += Array(try Data(contentsOf: URL(fileURLWithPath: path))) }
        }
        return SHA256.hash(bytes).map { String(format: "%02x", $0) }.joined()
    }

    /// Every tag in the page is one the renderer writes; no event handler, no script link.
    func assertInert(_ html: String, file: StaticString = #filePath, line: UInt = #line) {
        for tag in MarkupScan.tags(html) {
            XCTAssertTrue(MarkupScan.allowedTags.contains(tag.name), "unexpected <\(tag.name)>", file: file, line: line)
            XCTAssertFalse(tag.attributes.contains { $0.hasPrefix("on") }, "handler on <\(tag.name)>: \(tag.attributes)", file: file, line: line)
        }
        XCTAssertFalse(html.lowercased().contains("<script"), file: file, line: line)
    }

    func assertSafeHeaders(_ page: Page, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        let csp = page.header("Content-Security-Policy") ?? ""
        XCTAssertTrue(csp.contains("default-src 'none'") && csp.contains("style-src 'self'") && csp.contains("frame-ancestors 'none'"),
                      "\(what): CSP \(csp)", file: file, line: line)
        XCTAssertEqual(page.header("X-Content-Type-Options"), "nosniff", what, file: file, line: line)
        XCTAssertNil(page.header("Set-Cookie"), what, file: file, line: line)
    }

    /// Parses an Atom feed; returns its entry ids.
    func feedIDs(_ page: Page, _ what: String, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        XCTAssertEqual(page.status, 200, what, file: file, line: line)
        XCTAssertEqual(page.header("Content-Type"), "application/atom+xml; charset=utf-8", what, file: file, line: line)
        let atom = AtomCollector()
        XCTAssertTrue(atom.parse(page.body), "\(what): \(String(describing: atom.error))", file: file, line: line)
        XCTAssertEqual(atom.root?.name, "feed", file: file, line: line)
        XCTAssertEqual(atom.root?.namespace, "http://www.w3.org/2005/Atom", file: file, line: line)
        for e in atom.entries { XCTAssertNotNil(e["updated"], file: file, line: line) }
        return atom.entries.compactMap { $0["id"] }
    }

    func testBrowsingPagesAndFeedsOfARealNode() throws {
        let node = try makeNode("zurich", importing: Self.citiesPath)
        let hostile = tmp.path("hostile.json")
        let record: [String: Any] = ["kind": "article", "title": Self.hostileTitle, "city": "Zürich", "category": "Open Data",
                                     "summary": "Gdańsk & São Paulo <b>customer</b> notes", "language": "de-CH",
                                     "published_date": "2031-01-02", "source_url": Self.hostileURL, "tags": ["xss"]]
        try JSONSerialization.data(withJSONObject: record).write(to: URL(fileURLWithPath: hostile))
        try succeed(["import", hostile, "--quiet"], home: node.home)
        // A javascript: source never gets in: import validates every URL.
        let script = tmp.path("script.json")
        try Data(#"{"kind":"article","title":"x","source_url":"javascript:alert(3)"}"#.utf8).write(to: URL(fileURLWithPath: script))
        XCTAssertNotEqual(try atHome(["import", script], home: node.home).status, 0)

        let listed = try jsonArray(["list", "--limit", "1000"], home: node.home)
        let ids = Dictionary(uniqueKeysWithValues: listed.compactMap { d in (d["title"] as? String).map { ($0, d["id"] as? String ?? "") } })
        let brum = try XCTUnwrap(ids["BRUM and Birmingham's customer service strategy"])
        let hostileID = try XCTUnwrap(ids[Self.hostileTitle])
        let birminghamIDs = Set(listed.filter { $0["city"] as? String == "birmingham" }.compactMap { $0["id"] as? String })
        XCTAssertEqual(listed.count, Self.fixtureArticles + Self.fixtureTalks + 1)

        let (_, url) = try serve(node)
        let before = try storeDigest(node)

        // Front page: newest first (the hostile record is dated latest), paged by 20.
        let front = try fetch(url, "/")
        XCTAssertEqual(front.status, 200)
        XCTAssertEqual(front.header("Content-Type"), "text/html; charset=utf-8")
        assertSafeHeaders(front, "front page")
        assertInert(front.body)
        XCTAssertEqual(front.body.components(separatedBy: "<li>\n<h3>").count - 1, 20)
        XCTAssertTrue(front.body.contains("&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt;"))
        XCTAssertTrue(front.body.contains("<a rel=\"next\" href=\"/?page=2\">Older</a>"))
        XCTAssertTrue(front.body.contains("<option value=\"Zürich\">Zürich (1)</option>"))
        let second = try fetch(url, "/?page=2")
        XCTAssertEqual(second.body.components(separatedBy: "<li>\n<h3>").count - 1, Self.fixtureArticles + Self.fixtureTalks + 1 - 20)
        let talks = try fetch(url, "/?kind=talk")
        XCTAssertEqual(talks.body.components(separatedBy: "<span class=\"badge\">Talk</span>").count - 1, Self.fixtureTalks)
        XCTAssertFalse(talks.body.contains("<span class=\"badge\">Article</span>"))

        // Search: ranked, with the matched words marked.
        let search = try fetch(url, "/search?q=customer+service")
        XCTAssertEqual(search.status, 200)
        XCTAssertTrue(search.body.contains("<mark>customer</mark> <mark>service</mark>"), search.body)
        XCTAssertTrue(search.body.contains("href=\"/doc/\(brum)\""))
        assertInert(search.body)

        // Document page: fields, history, source link; the hostile one inert.
        let doc = try fetch(url, "/doc/\(brum)")
        XCTAssertEqual(doc.status, 200)
        XCTAssertTrue(doc.body.contains("<h1>BRUM and Birmingham&#39;s customer service strategy</h1>"))
        XCTAssertTrue(doc.body.contains("<dt>Document id</dt><dd><code>\(brum)</code></dd>"))
        XCTAssertTrue(doc.body.contains("<h2 id=\"history\">History</h2>"))
        XCTAssertTrue(doc.body.contains("<tr><td>zurich</td><td><time datetime=\""), doc.body)
        XCTAssertTrue(doc.body.contains("<code>zurich:"))
        XCTAssertTrue(doc.body.contains("<article lang=\"en\">"))
        let bad = try fetch(url, "/doc/\(hostileID)")
        assertInert(bad.body)
        XCTAssertTrue(bad.body.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt;</h1>"))
        XCTAssertTrue(bad.body.contains("<article lang=\"de-CH\">"))
        XCTAssertTrue(bad.body.contains("href=\"https://example.org/&quot;&gt;&lt;script&gt;alert(4)&lt;/script&gt;\""), bad.body)
        XCTAssertTrue(bad.body.contains("Gdańsk &amp; São Paulo &lt;b&gt;customer&lt;/b&gt; notes"))
        XCTAssertTrue(bad.body.contains("<time datetime=\"2031-01-02\">2 January 2031</time>"))
        XCTAssertEqual(try fetch(url, "/doc/zurich.nosuchdocument").status, 404)

        // City and category pages.
        let city = try fetch(url, "/city/birmingham")
        XCTAssertTrue(city.body.contains("<h1>City: birmingham</h1>"))
        XCTAssertEqual(city.body.components(separatedBy: "<li>\n<h3>").count - 1, birminghamIDs.count)
        XCTAssertFalse(city.body.contains("href=\"/city/new-york\""))
        let zurich = try fetch(url, "/city/Z%C3%BCrich")
        XCTAssertTrue(zurich.body.contains("<h1>City: Zürich</h1>"))
        XCTAssertTrue(zurich.body.contains("href=\"/doc/\(hostileID)\""))
        let category = try fetch(url, "/category/Open%20Data")
        XCTAssertTrue(category.body.contains("<h1>Category: Open Data</h1>"))
        XCTAssertTrue(category.body.contains("href=\"/doc/\(hostileID)\""))
        XCTAssertFalse(category.body.contains("href=\"/category/Climate%20Resilience\""))

        // Feeds: Atom, entry ids are the document ids.
        let all = feedIDs(try fetch(url, "/feed.atom"), "node feed")
        XCTAssertEqual(all.count, 20)
        XCTAssertEqual(all.first, "urn:syncnode:doc:\(hostileID)")
        let cityFeed = feedIDs(try fetch(url, "/city/birmingham/feed.atom"), "city feed")
        XCTAssertEqual(Set(cityFeed), Set(birminghamIDs.map { "urn:syncnode:doc:" + $0 }))
        let categoryFeed = feedIDs(try fetch(url, "/category/Open%20Data/feed.atom"), "category feed")
        XCTAssertTrue(categoryFeed.contains("urn:syncnode:doc:\(hostileID)"))
        let searchFeed = try fetch(url, "/search/feed.atom?q=customer+service")
        XCTAssertTrue(feedIDs(searchFeed, "search feed").contains("urn:syncnode:doc:\(brum)"))
        assertSafeHeaders(searchFeed, "search feed")

        // Conditional GET: the ETag and the date each get a 304.
        let etag = try XCTUnwrap(searchFeed.header("ETag"))
        let modified = try XCTUnwrap(searchFeed.header("Last-Modified"))
        let unchanged = try fetch(url, "/search/feed.atom?q=customer+service", headers: ["If-None-Match: \(etag)"])
        XCTAssertEqual(unchanged.status, 304)
        XCTAssertEqual(unchanged.body, "")
        XCTAssertEqual(try fetch(url, "/search/feed.atom?q=customer+service", headers: ["If-Modified-Since: \(modified)"]).status, 304)
        XCTAssertEqual(try fetch(url, "/search/feed.atom?q=service", headers: ["If-None-Match: \(etag)"]).status, 200,
                       "another query has another tag")
        let frontTag = try XCTUnwrap(front.header("ETag"))
        XCTAssertEqual(try fetch(url, "/", headers: ["If-None-Match: \(frontTag)"]).status, 304)

        // Stylesheet from the node itself; read-only methods; the API untouched.
        let css = try fetch(url, "/static/style.css")
        XCTAssertEqual(css.status, 200)
        XCTAssertEqual(css.header("Content-Type"), "text/css; charset=utf-8")
        let head = try fetch(url, "/city/birmingham", method: "HEAD")
        XCTAssertEqual(head.status, 200)
        XCTAssertEqual(head.header("ETag"), city.header("ETag"))
        let post = try fetch(url, "/", method: "POST")
        XCTAssertEqual(post.status, 405)
        XCTAssertEqual(post.header("Allow"), "GET, HEAD")
        assertSafeHeaders(post, "405")
        XCTAssertEqual(try fetch(url, "/search", method: "DELETE").status, 405)
        let api = try fetch(url, "/v1/node")
        XCTAssertEqual(api.status, 200)
        XCTAssertEqual(api.header("Content-Type"), "application/json")
        XCTAssertNotNil(api.header("Signature"), "the peer API stays signed")
        XCTAssertEqual(try fetch(url, "/v1/nothing").header("Content-Type"), "application/json")

        XCTAssertEqual(try storeDigest(node), before, "browsing wrote to the store")
    }

    func testNoWebLeavesOnlyThePeerAPI() throws {
        let node = try makeNode("plain")
        let (_, url) = try serve(node, ["--no-web"])
        let page = try fetch(url, "/")
        XCTAssertEqual(page.status, 404)
        XCTAssertEqual(page.header("Content-Type"), "application/json")
        XCTAssertEqual(try fetch(url, "/v1/node").status, 200)
    }
}
