import Foundation
import TestSupport
import XCTest

/// `syncnode import` through the binary: repeating an import writes nothing,
/// records find their documents by id, content or source_url, and no node
/// creates a document in another node's namespace (README, "How import
/// matches records"). The last test syncs two nodes over loopback TLS.
final class ImportIdempotenceTests: OperationsTestCase {
    /// Export lines without their ids, sorted: the content two nodes share.
    private static func contentLines(_ export: String) throws -> [String] {
        try export.split(separator: "\n").map { line in
            var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            object["id"] = nil
            return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }.sorted()
    }

    private static func ids(_ export: String) -> [String] {
        export.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? String
        }
    }

    private func revisions(home: String? = nil) throws -> Int? {
        Self.int(try jsonObject(["stats"], home: home)["revisions"])
    }

    func testImportingTheFixturesTwiceChangesNothingTheSecondTime() throws {
        try initHomeWithCities()
        let export = try succeed(["export"]).stdout
        XCTAssertEqual(try revisions(), 25)

        let again = try succeed(["import", Self.citiesPath])
        XCTAssertEqual(again.stdout, "imported 25 records from 18 files: 0 created, 0 updated, 25 unchanged\n")
        XCTAssertEqual(try revisions(), 25, "an unchanged record writes no revision")
        XCTAssertEqual(try succeed(["export"]).stdout, export)

        // The node's own export is unchanged too, by id.
        let file = try tmp.write("own.jsonl", export)
        let own = try jsonObject(["import", file])
        XCTAssertEqual([own["created"], own["updated"], own["unchanged"]].map(Self.int), [0, 0, 25])
        XCTAssertEqual((own["reassigned"] as? [Any])?.count, 0)
        XCTAssertEqual(try revisions(), 25)
    }

    func testARecordWithoutIDUpdatesTheDocumentWithItsSourceURLAndAnExplicitIDUpdatesIt() throws {
        try initHome()
        let first = try tmp.write("first.json", """
            {"kind": "article", "title": "Harbour sensors", "source_url": "https://example.org/harbour"}
            """)
        let created = try jsonObject(["import", first])
        XCTAssertEqual(Self.int(created["created"]), 1)
        let id = try XCTUnwrap((created["ids"] as? [String])?.first)

        let retitled = try tmp.write("retitled.json", """
            {"kind": "article", "title": "Harbour sensors, a year on", "source_url": "https://example.org/harbour"}
            """)
        let updated = try jsonObject(["import", retitled])
        XCTAssertEqual([updated["created"], updated["updated"], updated["unchanged"]].map(Self.int), [0, 1, 0])
        XCTAssertEqual(updated["ids"] as? [String], [id])
        XCTAssertEqual(try jsonObject(["show", id])["title"] as? String, "Harbour sensors, a year on")
        XCTAssertEqual(try succeed(["import", retitled]).stdout, "imported 1 records from 1 files: 0 created, 0 updated, 1 unchanged\n")

        let byID = try tmp.write("by-id.json", """
            {"id": "\(id)", "kind": "article", "title": "Harbour sensors", "summary": "Renamed back, by id."}
            """)
        XCTAssertEqual(try succeed(["import", byID]).stdout, "imported 1 records from 1 files: 0 created, 1 updated, 0 unchanged\n")
        let shown = try jsonObject(["show", id])
        XCTAssertEqual(shown["title"] as? String, "Harbour sensors")
        XCTAssertEqual(shown["summary"] as? String, "Renamed back, by id.")
        XCTAssertEqual(shown["source_url"] as? String ?? "", "", "an import record is the whole document: its absent url is cleared")
        XCTAssertEqual(try jsonArray(["list"]).count, 1)
        XCTAssertEqual(try revisions(), 3)
    }

    func testAnotherNodesExportGetsNewIDsOwnedByTheImportingNodeOnce() throws {
        try initHomeWithCities()
        let export = try succeed(["export"]).stdout
        let file = try tmp.write("testville.jsonl", export)
        let other = tmp.path("other")
        try initHome(name: "othertown", home: other)

        let first = try jsonObject(["import", file], home: other)
        XCTAssertEqual([first["created"], first["updated"], first["unchanged"]].map(Self.int), [25, 0, 0])
        let reassigned = try XCTUnwrap(first["reassigned"] as? [[String: String]])
        XCTAssertEqual(reassigned.compactMap { $0["from"] }, Self.ids(export))
        XCTAssertEqual(reassigned.compactMap { $0["to"] }, first["ids"] as? [String])
        XCTAssertTrue(reassigned.allSatisfy { $0["to"]?.hasPrefix("othertown.") == true }, "\(reassigned)")

        let copied = try succeed(["export"], home: other).stdout
        XCTAssertEqual(Set(Self.ids(copied)), Set(reassigned.compactMap { $0["to"] }))
        XCTAssertEqual(try Self.contentLines(copied), try Self.contentLines(export), "same content, source_url kept")
        XCTAssertTrue(copied.contains("\"source_url\":\"https://"), "the fixtures' source urls travel")

        let second = try succeed(["import", file], home: other)
        XCTAssertEqual(second.stdout, "imported 25 records from 1 files: 0 created, 0 updated, 25 unchanged\n")
        XCTAssertEqual(try revisions(home: other), 25)
        XCTAssertEqual(try succeed(["export"], home: other).stdout, copied)

        // The human summary names each new id.
        let third = tmp.path("third")
        try initHome(name: "thirdtown", home: third)
        let lines = try succeed(["import", file], home: third).stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "imported 25 records from 1 files: 25 created, 0 updated, 0 unchanged; 25 had ids of other nodes and got new ids of thirdtown")
        XCTAssertEqual(lines.count, 26)
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.hasPrefix("  testville.") && $0.contains(" -> thirdtown.") }, "\(lines)")
    }

    func testArticleAddWithAnotherNodesIDIsRefusedAndTheStoreIsUnchanged() throws {
        try initHome()
        let record = try tmp.write("foreign.json", #"{"id": "lisbon.first", "kind": "article", "title": "Lisbon's"}"#)
        try succeed(["import", Self.citiesPath + "/birmingham", "--quiet"])
        let before = storeDigests()

        let refused = try atHome(["article", "add", "--file", record])
        XCTAssertEqual(refused.status, 65, "\(refused)")
        XCTAssertEqual(refused.stdout, "")
        XCTAssertTrue(refused.stderr.contains("lisbon.first is owned by node 'lisbon', so only that node may create it, not 'testville'"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("Remove the id"), refused.stderr)
        XCTAssertEqual(storeDigests(), before, "the store files changed")

        let own = try tmp.write("own.json", #"{"id": "testville.first", "kind": "article", "title": "Ours"}"#)
        XCTAssertEqual(try succeed(["article", "add", "--file", own]).stdout, "testville.first\n")
    }

    func testTheSameIDAsArticleAndTalkIsRefusedAndTheStoreIsUnchanged() throws {
        try initHome()
        let article = try tmp.write("article.json", #"{"id": "testville.shared", "kind": "article", "title": "An article"}"#)
        try succeed(["import", article, "--quiet"])
        let before = storeDigests()

        let talk = try tmp.write("talk.jsonl", """
            {"kind": "talk", "title": "A new talk"}
            {"id": "testville.shared", "kind": "talk", "title": "A talk"}
            """)
        let refused = try atHome(["import", talk])
        XCTAssertEqual(refused.status, 65, "\(refused)")
        XCTAssertEqual(refused.stdout, "")
        XCTAssertTrue(refused.stderr.hasPrefix("Error: \(talk):2: field 'kind': testville.shared is an article in this store, not a talk: give the record kind \"article\", or remove its id to import it as a new talk"), refused.stderr)
        XCTAssertEqual(storeDigests(), before, "the store files changed")
        XCTAssertEqual(try jsonObject(["show", "testville.shared"])["kind"] as? String, "article")
        XCTAssertEqual(try revisions(), 1)
    }

    /// Reykjavik imports Lisbon's export (new ids of its own), then syncs
    /// with Lisbon over TLS: both end with Lisbon's documents and
    /// Reykjavik's copies, the same on both sides. A talk that reused one of
    /// Lisbon's article ids became Reykjavik's own, so no id is two kinds.
    func testAnImportedExportSyncsBackWithoutClashes() throws {
        let lisbon = try makeNode("lisbon", importing: Self.citiesPath + "/birmingham")
        let shared = try tmp.write("lisbon-article.json", #"{"id": "lisbon.shared", "kind": "article", "title": "Lisbon's article"}"#)
        try succeed(["import", shared, "--quiet"], home: lisbon.home)
        let lisbonExport = try succeed(["export"], home: lisbon.home).stdout
        XCTAssertEqual(Self.ids(lisbonExport).count, 6)
        let file = try tmp.write("lisbon.jsonl", lisbonExport)

        let reykjavik = try makeNode("reykjavik")
        let copied = try jsonObject(["import", file], home: reykjavik.home)
        XCTAssertEqual(Self.int(copied["created"]), 6)
        let claim = try tmp.write("reykjavik-talk.json", #"{"id": "lisbon.shared", "kind": "talk", "title": "Reykjavik's talk"}"#)
        let talk = try jsonObject(["import", claim], home: reykjavik.home)
        let talkID = try XCTUnwrap((talk["reassigned"] as? [[String: String]])?.first?["to"])
        XCTAssertTrue(talkID.hasPrefix("reykjavik."), talkID)

        let (_, url) = try serve(lisbon)
        try trust(lisbon, at: url, in: reykjavik)
        try trust(reykjavik, at: "https://127.0.0.1:1", in: lisbon)
        let (result, report) = try self.report(["sync"], in: reykjavik)
        XCTAssertEqual(result.status, 0, "\(result)")
        XCTAssertEqual(report["ok"] as? Bool, true, "\(report)")

        let lisbonAfter = try succeed(["export"], home: lisbon.home).stdout
        XCTAssertEqual(try succeed(["export"], home: reykjavik.home).stdout, lisbonAfter)
        XCTAssertEqual(Self.ids(lisbonAfter).count, 13, "Lisbon's 6, Reykjavik's 6 copies and its talk")
        XCTAssertEqual(try jsonObject(["show", "lisbon.shared"], home: reykjavik.home)["kind"] as? String, "article")
        XCTAssertEqual(try jsonObject(["show", talkID], home: lisbon.home)["kind"] as? String, "talk")
        for node in [lisbon, reykjavik] {
            XCTAssertEqual(try jsonArray(["conflicts"], home: node.home).count, 0, node.name)
        }

        // Lisbon's ids are in Reykjavik's store now: its export matches them by id.
        let revisionsBefore = try revisions(home: reykjavik.home)
        let again = try succeed(["import", file], home: reykjavik.home)
        XCTAssertEqual(again.stdout, "imported 6 records from 1 files: 0 created, 0 updated, 6 unchanged\n")
        XCTAssertEqual(try revisions(home: reykjavik.home), revisionsBefore)
    }
}
