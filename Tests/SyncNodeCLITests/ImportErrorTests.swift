import Foundation
import SyncCore
@testable import SyncNode
import SyncStore
import TestSupport
import XCTest

/// Bad import files: the error names the file, the line and the field, and
/// the store is left byte-for-byte as it was (all or nothing).
final class ImportErrorTests: CLITestCase {
    static func testData(_ name: String) -> String { testDataPath + "/" + name }

    // MARK: the reader's errors (in process)

    private func readError(_ path: String, file: StaticString = #filePath, line: UInt = #line) -> ImportError? {
        do {
            let records = try RecordReader.read(path: path)
            XCTFail("\(path) read without error: \(records.count) records", file: file, line: line)
        } catch let e as ImportError {
            return e
        } catch {
            XCTFail("not an ImportError: \(error)", file: file, line: line)
        }
        return nil
    }

    func testABadRecordInTheMiddleOfAJSONArrayNamesFileLineAndField() throws {
        let path = Self.testData("bad-date-third.json")
        let e = try XCTUnwrap(readError(path))
        XCTAssertEqual(e.file, path)
        XCTAssertEqual(e.line, 14, "the line where the third record starts")
        XCTAssertEqual(e.field, "published_date")
        XCTAssertEqual(e.reason, "'2022-13-45' is not a date: use YYYY-MM-DD, e.g. 2021-11-18")
        XCTAssertEqual(e.description, "\(path):14: field 'published_date': '2022-13-45' is not a date: use YYYY-MM-DD, e.g. 2021-11-18. Nothing was imported; fix the record and run the import again")
    }

    func testMalformedJSONNamesTheLineAndColumn() throws {
        let e = try XCTUnwrap(readError(Self.testData("malformed.json")))
        XCTAssertEqual(e.line, 9, "the '}' after the trailing comma")
        XCTAssertNil(e.field)
        XCTAssertTrue(e.reason.hasPrefix("malformed JSON at column 3: "), e.reason)
    }

    func testJSONLinesErrorsCountPhysicalLines() throws {
        let bad = try XCTUnwrap(readError(Self.testData("bad-field-line-4.jsonl")))
        XCTAssertEqual(bad.line, 4, "blank line 3 still counts")
        XCTAssertEqual(bad.field, "author")
        XCTAssertTrue(bad.reason.hasPrefix("is not a field of a"), bad.reason)

        let malformed = try XCTUnwrap(readError(Self.testData("malformed-line-2.jsonl")))
        XCTAssertEqual(malformed.line, 2)
        XCTAssertNil(malformed.field)
        XCTAssertTrue(malformed.reason.hasPrefix("malformed JSON at column 41"), malformed.reason)

        // The good lines of the file parse with their own line numbers.
        let good = try RecordReader.parse("{\"kind\": \"talk\", \"title\": \"A\"}\n\n\n{\"kind\": \"article\", \"title\": \"B\"}\n",
                                          file: "two.jsonl")
        XCTAssertEqual(good.map(\.1), [1, 4])
        XCTAssertEqual(good.map(\.0.kind), [.talk, .article])
    }

    func testMarkdownErrorsNameTheLineOfTheField() throws {
        let e = try XCTUnwrap(readError(Self.testData("bad-date.md")))
        XCTAssertEqual(e.file, Self.testData("bad-date.md"))
        XCTAssertEqual(e.line, 6)
        XCTAssertEqual(e.field, "event_date")
        XCTAssertEqual(e.reason, "'18/11/2021' is not a date: use YYYY-MM-DD, e.g. 2021-11-18")

        let cases: [(String, Int, String?)] = [
            ("---\nkind: article\ntitle: T\ntags: [Not A Label]\n---\nBody\n", 4, "tags"),
            ("---\nkind: article\ntitle: T\ncolour: blue\n---\n", 4, "colour"),
            ("---\nkind: article\ntitle: T\nsummary: a\nsummary: b\n---\n", 5, "summary"),
            ("---\nkind: article\ntitle: T\nthis line has no colon\n---\n", 4, nil),
            ("---\nkind: article\ntitle: T\n", 4, nil),
            ("kind: article\n", 1, nil),
            ("---\nkind: poster\ntitle: T\n---\n", 2, "kind"),
            ("---\nkind: article\n---\nBody only\n", 1, "title"),
        ]
        for (text, line, field) in cases {
            XCTAssertThrowsError(try RecordReader.parse(text, file: "x.md"), text) { error in
                guard let e = error as? ImportError else { return XCTFail("\(error)") }
                XCTAssertEqual(e.file, "x.md")
                XCTAssertEqual(e.line, line, "\(text) -> \(e)")
                XCTAssertEqual(e.field, field, "\(text) -> \(e)")
            }
        }
    }

    // MARK: the store is unchanged (in process)

    /// A failure inside the import transaction, after two records were
    /// written, rolls everything back: the store file, its WAL and its
    /// WAL index are byte-for-byte what they were after a checkpoint.
    func testAFailureInsideTheImportTransactionLeavesTheStoreFilesByteForByte() throws {
        let nodeHome = NodeHome(path: tmp.path("inprocess"))
        let node = try LocalNode.initialise(home: nodeHome, name: "testville")
        let cities = try RecordReader.read(path: Self.citiesPath)
        XCTAssertEqual(cities.count, 25)
        let summary = try node.importRecords(cities, files: 18)
        XCTAssertEqual(summary.created, 25)
        let articleID = try XCTUnwrap(node.store.list(ListFilter(kind: .article)).first?.id)

        // The state we control: everything checkpointed into the main file, WAL emptied.
        try node.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let path = nodeHome.storePath
        func digests() -> [String: String] {
            ["store": Self.digest(path), "wal": Self.digest(path + "-wal"), "shm": Self.digest(path + "-shm")]
        }
        let before = digests()
        XCTAssertEqual(before["wal"], Self.emptyDigest)
        let statsBefore = try node.store.stats()
        let counterBefore = try node.store.counter

        // A bad record in the middle of a file: refused before the store is touched.
        XCTAssertThrowsError(try node.importRecords(try RecordReader.read(path: Self.testData("bad-date-third.json")),
                                                    files: 1)) { error in
            XCTAssertEqual((error as? ImportError).map { "\($0.line) \($0.field ?? "")" }, "14 published_date")
        }
        XCTAssertEqual(digests(), before)

        var talk = Content()
        talk["title"] = .text("A talk that claims an article's id")
        var fresh = Content()
        fresh["title"] = .text("A new article")
        let records: [(record: DocumentRecord, file: String, line: Int)] = [
            (DocumentRecord(id: nil, kind: .article, content: fresh), "clash.json", 2),
            (DocumentRecord(id: "testville.brand-new", kind: .article, content: fresh), "clash.json", 3),
            (DocumentRecord(id: articleID, kind: .talk, content: talk), "clash.json", 4),
        ]
        XCTAssertThrowsError(try node.importRecords(records, files: 1)) { error in
            guard let e = error as? ImportError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.file, "clash.json")
            XCTAssertEqual(e.line, 4)
            XCTAssertEqual(e.field, "kind")
            XCTAssertTrue(e.reason.contains(articleID), e.reason)
        }
        XCTAssertFalse(node.store.db.isInTransaction)
        XCTAssertEqual(digests(), before, "a failed import changed the store files")
        XCTAssertEqual(try node.store.stats(), statsBefore)
        XCTAssertEqual(try node.store.counter, counterBefore)
        XCTAssertNil(try node.store.document("testville.brand-new", now: WallClock.nowMillis()))

        // A duplicate id within one import is refused before anything is written.
        let twice: [(record: DocumentRecord, file: String, line: Int)] = [
            (DocumentRecord(id: "testville.twice", kind: .article, content: fresh), "a.json", 1),
            (DocumentRecord(id: "testville.twice", kind: .article, content: fresh), "b.json", 7),
        ]
        XCTAssertThrowsError(try node.importRecords(twice, files: 2)) { error in
            guard let e = error as? ImportError else { return XCTFail("\(error)") }
            XCTAssertEqual([e.file, String(e.line), e.field ?? ""], ["b.json", "7", "id"])
            XCTAssertTrue(e.reason.contains("first at a.json:1"), e.reason)
        }
        XCTAssertEqual(digests(), before)
    }

    // MARK: through the binary

    /// `import BAD` exits 65, names file, line and field on stderr, prints
    /// nothing on stdout, and leaves every store file as it was.
    private func assertImportRefused(_ path: String, stderrPrefix: String,
                                     file: StaticString = #filePath, line: UInt = #line) throws {
        let before = storeDigests()
        let result = try atHome(["import", path])
        XCTAssertEqual(result.status, 65, "\(result)", file: file, line: line)
        XCTAssertEqual(result.stdout, "", file: file, line: line)
        XCTAssertTrue(result.stderr.hasPrefix(stderrPrefix), "expected '\(stderrPrefix)…', got \(result.stderr)", file: file, line: line)
        XCTAssertTrue(result.stderr.hasSuffix("Nothing was imported; fix the record and run the import again\n"),
                      result.stderr, file: file, line: line)
        XCTAssertEqual(storeDigests(), before, "the store files changed", file: file, line: line)
    }

    func testTheCLIRefusesBadFilesWithExit65AndLeavesTheStoreAlone() throws {
        try initHome()
        // Ids from the import summary: no reading command runs before the
        // checks (a reader may leave SQLite's empty WAL and index files behind).
        let ids = try XCTUnwrap(try jsonObject(["import", Self.citiesPath])["ids"] as? [String])
        XCTAssertEqual(ids.count, 25)
        XCTAssertEqual(storeDigests()["wal"], "absent", "controlled state: the import process checkpointed and closed")
        XCTAssertEqual(storeDigests()["shm"], "absent")
        try assertImportRefused(Self.testData("bad-date-third.json"),
            stderrPrefix: "Error: \(Self.testData("bad-date-third.json")):14: field 'published_date': '2022-13-45' is not a date")
        try assertImportRefused(Self.testData("malformed.json"),
            stderrPrefix: "Error: \(Self.testData("malformed.json")):9: malformed JSON at column 3")
        try assertImportRefused(Self.testData("bad-field-line-4.jsonl"),
            stderrPrefix: "Error: \(Self.testData("bad-field-line-4.jsonl")):4: field 'author'")
        try assertImportRefused(Self.testData("malformed-line-2.jsonl"),
            stderrPrefix: "Error: \(Self.testData("malformed-line-2.jsonl")):2: malformed JSON")
        try assertImportRefused(Self.testData("bad-date.md"),
            stderrPrefix: "Error: \(Self.testData("bad-date.md")):6: field 'event_date'")

        // A clash found inside the write transaction, after two good records.
        let articleID = ids[0]   // birmingham/example-digital-inclusion-exchange.md, the first file in path order
        let clash = try tmp.write("clash.json", """
            [
              {"kind": "article", "title": "New one"},
              {"kind": "talk", "title": "New two"},
              {"id": "\(articleID)", "kind": "talk", "title": "Not a talk"}
            ]
            """)
        try assertImportRefused(clash, stderrPrefix: "Error: \(clash):4: field 'kind': \(articleID) is an article in this store, not a talk")
        XCTAssertEqual(try jsonObject(["show", articleID])["kind"] as? String, "article")
        XCTAssertEqual(try jsonArray(["list", "--limit", "1000"]).count, 25)
        XCTAssertEqual(try jsonObject(["stats"])["revisions"] as? Int, 25)
    }

    func testOneBadFileInADirectoryImportsNothingAtAll() throws {
        try initHome()
        let dir = tmp.path("mixed")
        try tmp.copy(Self.citiesPath, to: "mixed")
        try tmp.copy(Self.testData("bad-date.md"), to: "mixed/zz-bad-date.md")
        let result = try atHome(["import", dir])
        XCTAssertEqual(result.status, 65, "\(result)")
        XCTAssertTrue(result.stderr.hasPrefix("Error: \(dir)/zz-bad-date.md:6: field 'event_date'"), result.stderr)
        XCTAssertEqual(try jsonArray(["list"]).count, 0)
        XCTAssertEqual(try jsonObject(["stats"])["revisions"] as? Int, 0)

        let missing = try atHome(["import", tmp.path("no-such-file.json")])
        XCTAssertEqual(missing.status, 66, "not found, like a missing document or home: \(missing)")
        XCTAssertTrue(missing.stderr.contains("no such file or directory"), missing.stderr)
    }
}
