import XCTest
import SyncCore
@testable import SyncWeb

final class WebQueryTests: XCTestCase {
    func parse(_ items: [String: String], search: Bool = false) -> WebQuery {
        WebQuery.parse(search: search) { items[$0] }
    }

    func testFiltersAndDefaults() {
        let q = parse(["city": " Zürich ", "category": "", "tag": "Open-Data", "kind": "talk"])
        XCTAssertEqual(q, WebQuery(kind: .talk, city: "Zürich", tag: "open-data"))
        XCTAssertNil(parse(["kind": "<x>"]).kind)
        XCTAssertEqual(q.items().map { "\($0.0)=\($0.1)" }, ["kind=talk", "city=Zürich", "tag=open-data"])
        XCTAssertEqual(q.items(page: 2, except: "city").map(\.0), ["kind", "tag", "page"])
    }

    func testSizesAreBounded() {
        let long = String(repeating: "word ", count: 1000)
        XCTAssertEqual(parse(["q": long]).text?.count, WebQuery.maxTextChars)
        XCTAssertEqual(parse(["per_page": "100000"]).perPage, WebQuery.maxPerPage)
        XCTAssertEqual(parse(["per_page": "-3"]).perPage, 1)
        XCTAssertEqual(parse(["page": "0"]).page, 1)
        let deep = parse(["page": "999999999"])
        XCTAssertLessThanOrEqual(deep.fetchLimit, WebQuery.maxListRows + 1)
        let deepSearch = parse(["page": "999999999", "q": "x"], search: true)
        XCTAssertLessThanOrEqual(deepSearch.fetchLimit, WebQuery.maxSearchRows + 1)
        XCTAssertEqual(parse(["page": "3"]).offset, 40)
    }

    func testRoutes() {
        XCTAssertEqual(WebRoute.parse("/"), .front)
        XCTAssertEqual(WebRoute.parse("/search"), .search)
        XCTAssertEqual(WebRoute.parse("/doc/bham.abc"), .document("bham.abc"))
        XCTAssertEqual(WebRoute.parse("/city/Zürich"), .city("Zürich"))
        XCTAssertEqual(WebRoute.parse("/city/São Paulo/feed.atom"), .feed(.city("São Paulo")))
        XCTAssertEqual(WebRoute.parse("/category/Open Data/feed.atom"), .feed(.category("Open Data")))
        XCTAssertEqual(WebRoute.parse("/feed.atom"), .feed(.node))
        XCTAssertEqual(WebRoute.parse("/search/feed.atom"), .feed(.search))
        XCTAssertEqual(WebRoute.parse("/static/style.css"), .style)
        XCTAssertEqual(WebRoute.parse("/doc/"), .notFound)
        XCTAssertEqual(WebRoute.parse("/static/other.js"), .notFound)
    }
}
