import Foundation
import XCTest

/// `edit --set/--unset`, `delete`, and `show --history` after them.
final class EditDeleteTests: CLITestCase {
    static let title = "One front door for municipal customer service"
    private var docID = ""

    override func setUpWithError() throws {
        try super.setUpWithError()
        try initHomeWithCities()
        docID = try id(ofTitle: Self.title)
    }

    func testEditSetsAndClearsFieldsAsANewRevision() throws {
        let before = try jsonObject(["show", docID])
        let oldRevision = try XCTUnwrap(before["revision"] as? String)

        let edited = try succeed(["edit", docID, "--set", "title=One front door, one year on",
                                  "--set", "tags=customer-service, one-year", "--unset", "source_url"])
        XCTAssertEqual(edited.stdout, "\(docID) is now at revision testville:26\n")

        let after = try jsonObject(["show", docID])
        XCTAssertEqual(after["title"] as? String, "One front door, one year on")
        XCTAssertEqual(after["tags"] as? [String], ["customer-service", "one-year"])
        XCTAssertEqual(after["source_url"] as? String, "")
        XCTAssertEqual(after["revision"] as? String, "testville:26")
        XCTAssertEqual(after["summary"] as? String, before["summary"] as? String, "other fields are kept")
        XCTAssertEqual(after["body"] as? String, before["body"] as? String)
        XCTAssertEqual(after["clock"] as? [String: Int], ["testville": 26])

        // History: both revisions, oldest first, the edit's context naming the first.
        let history = try XCTUnwrap(try jsonObject(["show", docID, "--history"])["history"] as? [[String: Any]])
        XCTAssertEqual(history.map { $0["revision"] as? String }, [oldRevision, "testville:26"])
        XCTAssertEqual(history.map { $0["seq"] as? Int }, [Int(oldRevision.split(separator: ":")[1]), 26])
        let context = try XCTUnwrap(history.last?["context"] as? [String: Int])
        XCTAssertEqual(context, ["testville": Int(oldRevision.split(separator: ":")[1])!])
        XCTAssertEqual((history.first?["content"] as? [String: Any])?["title"] as? String, Self.title)
        XCTAssertEqual(history.map { $0["author"] as? String }, ["testville", "testville"])

        // Search follows the edit.
        XCTAssertTrue(try jsonArray(["search", "one", "year", "on"]).contains { $0["id"] as? String == docID })
        XCTAssertEqual(try jsonObject(["stats"])["revisions"] as? Int, 26)
        XCTAssertEqual(try jsonObject(["stats"])["articles"] as? Int, Self.fixtureArticles)
    }

    func testABadEditIsRefusedAndChangesNothing() throws {
        let digest = Self.digest(storePath)
        let badDate = try atHome(["edit", docID, "--set", "published_date=yesterday"])
        XCTAssertEqual(badDate.status, 65, "\(badDate)")
        XCTAssertTrue(badDate.stderr.contains("'yesterday' is not a date"), badDate.stderr)
        let badField = try atHome(["edit", docID, "--set", "colour=blue"])
        XCTAssertEqual(badField.status, 65, "\(badField)")
        XCTAssertTrue(badField.stderr.contains("field 'colour'"), badField.stderr)
        let noTitle = try atHome(["edit", docID, "--unset", "title"])
        XCTAssertEqual(noTitle.status, 65, "\(noTitle)")
        let unknown = try atHome(["edit", "testville.nosuchdoc", "--set", "title=X"])
        XCTAssertEqual(unknown.status, 66, "\(unknown)")
        XCTAssertEqual(Self.digest(storePath), digest)
        XCTAssertEqual(try jsonObject(["show", docID])["title"] as? String, Self.title)
    }

    func testDeleteWritesATombstoneThatHidesTheDocumentButKeepsItsHistory() throws {
        let deleted = try succeed(["delete", docID])
        XCTAssertEqual(deleted.stdout, "deleted \(docID) (revision testville:26)\n")

        XCTAssertFalse(try jsonArray(["list", "--limit", "1000"]).contains { $0["id"] as? String == docID })
        XCTAssertFalse(try jsonArray(["search", "front", "door"]).contains { $0["id"] as? String == docID })
        let shown = try jsonObject(["show", docID, "--history"])
        XCTAssertEqual(shown["deleted"] as? Bool, true)
        let history = try XCTUnwrap(shown["history"] as? [[String: Any]])
        XCTAssertEqual(history.map { $0["tombstone"] as? Bool }, [false, true])
        XCTAssertEqual((history.first?["content"] as? [String: Any])?["title"] as? String, Self.title)

        let plain = try succeed(["show", docID, "--history"])
        XCTAssertTrue(plain.stdout.contains("\nDELETED\n"), plain.stdout)
        XCTAssertTrue(plain.stdout.contains("\nHISTORY\n"), plain.stdout)
        let rows = plain.stdout.components(separatedBy: "\nHISTORY\n").last?.split(separator: "\n") ?? []
        XCTAssertEqual(rows.count, 4, "header, rule and two revisions: \(rows)")
        XCTAssertTrue(rows.last?.contains("testville:26") == true && rows.last?.contains("yes") == true, "\(rows)")

        let stats = try jsonObject(["stats"])
        XCTAssertEqual(stats["deleted"] as? Int, 1)
        XCTAssertEqual(stats["articles"] as? Int, Self.fixtureArticles - 1)
        XCTAssertEqual(stats["revisions"] as? Int, 26)

        let again = try atHome(["delete", docID])
        XCTAssertEqual(again.status, 65, "\(again)")
        XCTAssertTrue(again.stderr.contains("already deleted"), again.stderr)
        let editDeleted = try atHome(["edit", docID, "--set", "title=Back"])
        XCTAssertEqual(editDeleted.status, 65, "\(editDeleted)")
        let unknown = try atHome(["delete", "testville.nosuchdoc"])
        XCTAssertEqual(unknown.status, 66, "\(unknown)")
    }
}
