import Foundation
import SyncCore
@testable import SyncNode
import SyncStore
import XCTest

/// Import reads its files twice in bounded batches instead of holding every
/// record; it must stay one transaction and stay idempotent.
final class StreamedImportTests: XCTestCase {
    static let count = 1_500
    static let badAt = 1_200
    /// Small batches, so that many are applied before the failure.
    static let batch = 100

    private func line(_ n: Int) -> String {
        "{\"kind\": \"article\", \"title\": \"Article \(n)\", \"summary\": \"Summary \(n)\", \"city\": \"Graz\", "
            + "\"published_date\": \"2024-01-\(String(format: "%02d", n % 28 + 1))\", \"source_url\": \"https://example.org/\(n)\"}"
    }

    /// A JSON Lines file of `count` records; `bad` replaces the record at that (1-based) line.
    private func file(in node: TestNode, bad: (Int, String)? = nil) throws -> String {
        let path = node.directory.path("articles.jsonl")
        let text = (1...Self.count).map { $0 == bad?.0 ? bad!.1 : line($0) }.joined(separator: "\n") + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    private func importFile(_ path: String, into node: TestNode) throws -> ImportSummary {
        try node.local.importRecords(batchSize: Self.batch) { body in try RecordReader.forEachRecord(paths: [path], body) }
    }

    func testALargeFileIsImportedInBatchesAndASecondImportWritesNothing() throws {
        let node = try TestNode("graz")
        let path = try file(in: node)
        let first = try importFile(path, into: node)
        XCTAssertEqual([first.files, first.records, first.created, first.updated, first.unchanged], [1, Self.count, Self.count, 0, 0])
        XCTAssertEqual(try node.store.stats().articles, Self.count)
        let revisions = try node.revisionIDs()
        let digest = try node.digest()

        let second = try importFile(path, into: node)
        XCTAssertEqual([second.created, second.updated, second.unchanged], [0, 0, Self.count])
        XCTAssertEqual(second.ids, first.ids)
        XCTAssertEqual(try node.revisionIDs(), revisions)
        XCTAssertEqual(try node.digest(), digest)
    }

    func testABadRecordLateInALargeFileLeavesTheStoreUnchanged() throws {
        let node = try TestNode("graz")
        try node.importCity("birmingham")
        let digest = try node.digest()
        let head = try node.store.headSeq()
        let path = try file(in: node, bad: (Self.badAt, "{\"kind\": \"article\", \"title\": \"Late\", \"published_date\": \"2024-02-30\"}"))
        XCTAssertThrowsError(try importFile(path, into: node)) { error in
            guard let e = error as? ImportError else { return XCTFail("\(error)") }
            XCTAssertEqual([e.file, String(e.line), e.field ?? ""], [path, String(Self.badAt), "published_date"])
        }
        XCTAssertEqual(try node.store.headSeq(), head)
        XCTAssertEqual(try node.digest(), digest)
    }

    /// A failure in the writing pass, after many batches were applied,
    /// rolls every one of them back.
    func testAFailureWhileWritingRollsBackTheBatchesAlreadyApplied() throws {
        let node = try TestNode("graz")
        try node.importCity("birmingham")
        let digest = try node.digest()
        func counts() throws -> [Int] {
            let s = try node.store.stats()
            return [s.articles, s.talks, s.deleted, s.revisions, Int(s.headSeq)]
        }
        let before = try counts()
        var reads = 0
        let records = (1...Self.count).map { n in
            DocumentRecord(id: nil, kind: .article, content: Content(["title": .text("Article \(n)"), "city": .text("Graz")]))
        }
        XCTAssertThrowsError(try node.local.importRecords(batchSize: Self.batch) { body in
            reads += 1
            for (i, record) in records.enumerated() {
                // The second read sees a different record late in the file: the file changed.
                var r = record
                if reads == 2 && i == Self.badAt - 1 { r.content["title"] = .text("Changed meanwhile") }
                try body(r, "changing.jsonl", i + 1)
            }
        }) { error in
            guard let e = error as? ImportError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.line, Self.badAt)
            XCTAssertTrue(e.reason.contains("changed while it was imported"), e.reason)
        }
        XCTAssertEqual(reads, 2)
        XCTAssertEqual(try node.digest(), digest)
        XCTAssertEqual(try counts(), before)
    }

    func testJSONLinesAreReadALineAtATimeWithTheirNumbers() throws {
        let node = try TestNode("graz")
        let path = node.directory.path("crlf.jsonl")
        try "\r\n\(line(1))\r\n   \r\n\t\(line(2))  \r\n".write(toFile: path, atomically: true, encoding: .utf8)
        var seen: [Int] = []
        try RecordReader.forEachRecord(paths: [path]) { record, _, line in
            seen.append(line)
            XCTAssertTrue(record.content.text("title").hasPrefix("Article "))
        }
        XCTAssertEqual(seen, [2, 4])
    }
}
