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
}
