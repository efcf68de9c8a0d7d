import XCTest
@testable import SyncWeb
import TestSupport

/// Feeds must parse as Atom whatever the documents hold.
final class AtomFeedTests: XCTestCase {
    func feed(_ entries: [AtomEntry]) -> AtomFeed {
        AtomFeed(title: "zürich: <newest>", selfURL: "https://zh.example/feed.atom", pageURL: "https://zh.example/",
                 baseURL: "https://zh.example", entries: entries, fallbackUpdatedMillis: 5_000)
    }

    func testParsesAsAtomWithStableIDsAndHostileText() throws {
        let entries = [
            AtomEntry(documentID: "gdansk.abc", title: "<script>alert(1)</script> & \u{0}\u{1B}", updatedMillis: 1_709_208_000_000,
                      summary: "Zürich, Gdańsk & São Paulo ]]> <b>", author: "Gdańsk", category: "\"><x>", language: "pl"),
            AtomEntry(documentID: "sp.def", title: "Second", updatedMillis: 1_000, summary: "", author: "", category: ""),
        ]
        let xml = feed(entries).render()
        let atom = AtomCollector()
        XCTAssertTrue(atom.parse(xml), "\(String(describing: atom.error))\n\(xml)")
        XCTAssertEqual(atom.root?.name, "feed")
        XCTAssertEqual(atom.root?.namespace, "http://www.w3.org/2005/Atom")
        XCTAssertEqual(atom.feedFields["title"], "zürich: <newest>")
        XCTAssertEqual(atom.feedFields["id"], "https://zh.example/feed.atom")
        XCTAssertEqual(atom.feedFields["updated"], "2024-02-29T12:00:00Z")
        XCTAssertEqual(atom.entries.count, 2)
        XCTAssertEqual(atom.entries[0]["id"], "urn:syncnode:doc:gdansk.abc")
        XCTAssertEqual(atom.entries[0]["title"], "<script>alert(1)</script> & ")
        XCTAssertEqual(atom.entries[0]["content"], "Zürich, Gdańsk & São Paulo ]]> <b>")
        XCTAssertEqual(atom.entries[0]["updated"], "2024-02-29T12:00:00Z")
        XCTAssertEqual(atom.entries[1]["id"], "urn:syncnode:doc:sp.def")
        XCTAssertEqual(atom.entries[1]["updated"], "1970-01-01T00:00:01Z")
        XCTAssertTrue(xml.contains("<entry xml:lang=\"pl\">"))
        XCTAssertTrue(xml.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://zh.example/doc/gdansk.abc\"/>"))
        XCTAssertTrue(xml.contains("<author><name>unknown</name></author>"), "an entry always has an author (RFC 4287 §4.1.1)")
    }

    func testEmptyFeedIsValidAndDated() {
        let xml = feed([]).render()
        let atom = AtomCollector()
        XCTAssertTrue(atom.parse(xml))
        XCTAssertEqual(atom.entries.count, 0)
        XCTAssertEqual(atom.feedFields["updated"], "1970-01-01T00:00:05Z")
    }
}
