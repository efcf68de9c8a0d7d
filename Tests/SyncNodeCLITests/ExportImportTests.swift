import Foundation
import SyncCore
@testable import SyncNode
import XCTest

/// Export writes JSON Lines that import reads back to the same documents.
final class ExportImportTests: CLITestCase {
    func testExportThenImportIntoAFreshNodeThenExportGivesTheSameRecordsUnderItsOwnIDs() throws {
        try initHomeWithCities()
        let first = try succeed(["export"]).stdout
        let lines = first.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, 26, "25 records and the final newline")
        XCTAssertEqual(lines.last, "")
        for line in lines.dropLast() {
            XCTAssertTrue(line.hasPrefix("{\"id\":\"testville."), String(line.prefix(60)))
            XCTAssertTrue(line.contains(",\"kind\":\""), String(line.prefix(80)))
        }

        // --output writes the same text to a file (and says so on stderr).
        let file = tmp.path("export.jsonl")
        let toFile = try atHome(["export", "--output", file])
        XCTAssertEqual(toFile.status, 0, "\(toFile)")
        XCTAssertEqual(toFile.stdout, "")
        XCTAssertEqual(toFile.stderr, "exported 25 records to \(file)\n")
        XCTAssertEqual(try String(contentsOfFile: file, encoding: .utf8), first)

        let other = tmp.path("other")
        try initHome(name: "othertown", home: other)
        // Only testville may create testville's ids: othertown's copies get its own.
        let imported = try succeed(["import", file], home: other)
        XCTAssertTrue(imported.stdout.hasPrefix("imported 25 records from 1 files: 25 created, 0 updated, 0 unchanged; 25 had ids of other nodes and got new ids of othertown\n"), imported.stdout)
        var renamed = first
        for line in imported.stdout.split(separator: "\n").dropFirst() {
            let pair = line.split(separator: " ")
            XCTAssertEqual(pair.count, 3, String(line))
            renamed = renamed.replacingOccurrences(of: "\"\(pair[0])\"", with: "\"\(pair[2])\"")
        }
        let second = try succeed(["export"], home: other).stdout
        XCTAssertEqual(second.split(separator: "\n").sorted(), renamed.split(separator: "\n").sorted())

        // The ids travel with the records; importing the export again changes nothing.
        let again = try jsonObject(["import", file])
        XCTAssertEqual(again["created"] as? Int, 0)
        XCTAssertEqual(again["updated"] as? Int, 0)
        XCTAssertEqual(again["unchanged"] as? Int, 25)
        XCTAssertEqual(try jsonObject(["stats"])["revisions"] as? Int, 25)
    }

    func testAnEditedExportImportsAsAnUpdate() throws {
        try initHomeWithCities()
        let text = try succeed(["export"]).stdout
        let edited = text.replacingOccurrences(of: "\"title\":\"One front door for municipal customer service\"",
                                               with: "\"title\":\"One front door, revised\"")
        XCTAssertNotEqual(edited, text)
        let file = try tmp.write("edited.jsonl", edited)
        let summary = try jsonObject(["import", file])
        XCTAssertEqual(summary["updated"] as? Int, 1)
        XCTAssertEqual(summary["unchanged"] as? Int, 24)
        XCTAssertEqual(try succeed(["export"]).stdout, edited)
    }

    func testExportedLinesParseBackToTheSameRecords() throws {
        let node = try LocalNode.initialise(home: NodeHome(path: tmp.path("inprocess")), name: "testville")
        _ = try node.importRecords(try RecordReader.read(path: Self.citiesPath), files: 18)
        let exported = try node.exportRecords()
        XCTAssertEqual(exported.count, 25)
        let text = exported.map(\.jsonLine).joined(separator: "\n")
        let parsed = try RecordReader.parse(text, file: "export.jsonl")
        XCTAssertEqual(parsed.map(\.0), exported)
        XCTAssertEqual(parsed.map(\.1), Array(1...25))
    }

    /// The export streams from one snapshot: what another process writes
    /// while it runs is in none of it, even in documents it has not reached
    /// yet (the next export has it).
    func testAnExportReadsOneSnapshotWhileAnotherProcessWrites() throws {
        let home = NodeHome(path: tmp.path("snapshot"))
        let node = try LocalNode.initialise(home: home, name: "testville")
        _ = try node.importRecords(try RecordReader.read(path: Self.citiesPath), files: 18)
        let before = try node.exportRecords()
        let last = try XCTUnwrap(before.last?.id)
        let writer = try LocalNode.open(home: home, readOnly: false)
        var seen: [DocumentRecord] = []
        let count = try node.exportRecords { record in
            if seen.isEmpty {
                _ = try writer.edit(last, set: ["title": .text("Edited during the export")])
                _ = try writer.add(DocumentRecord(id: "testville.zz-late", kind: .article, content: Content([
                    "title": .text("Written during the export"), "city": .text("Testville"), "published_date": .text("2024-05-01"),
                ])))
            }
            seen.append(record)
        }
        XCTAssertEqual(count, 25)
        XCTAssertEqual(seen.map(\.id), before.map(\.id), "not the new document")
        XCTAssertEqual(seen.last?.content.text("title"), before.last?.content.text("title"), "not the edit")
        XCTAssertEqual(seen, before)
        let after = try node.exportRecords()
        XCTAssertEqual(after.map(\.id), before.map(\.id) + ["testville.zz-late"])
        XCTAssertEqual(after.first { $0.id == last }?.content.text("title"), "Edited during the export")
    }

    /// An export to a file that cannot be made fails with the reason and
    /// leaves the file that was there as it was, and no temporary file.
    func testAFailedExportLeavesTheOldFileAndNoTemporaryFile() throws {
        try initHomeWithCities()
        let file = tmp.path("kept.jsonl")
        try "the previous export\n".write(toFile: file, atomically: true, encoding: .utf8)
        let missing = tmp.path("no-such-dir/export.jsonl")
        let failed = try atHome(["export", "--output", missing])
        XCTAssertNotEqual(failed.status, 0)
        XCTAssertTrue(failed.stderr.contains("cannot create the export file \(missing).tmp."), failed.stderr)
        XCTAssertTrue(failed.stderr.contains("No such file or directory; check that the directory exists"), failed.stderr)

        // A file that exists is replaced whole on success, and only then.
        let replaced = try atHome(["export", "--output", file])
        XCTAssertEqual(replaced.status, 0, "\(replaced)")
        XCTAssertTrue(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("{\"id\":\"testville."))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path("")).filter { $0.contains(".tmp.") }, [])
        let abandoned = try ReplacingFile(path: file, what: "the export file", advice: "")
        try abandoned.write("half an export")
        _ = abandoned   // dropped without commit
        XCTAssertTrue(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("{\"id\":\"testville."))
    }
}
