import Foundation
import SyncCore
@testable import SyncNode
import SyncStore
import XCTest

/// Import streams its files in bounded batches instead of holding every
/// record (reading them twice when the store holds documents to match); it
/// must stay one transaction and stay idempotent.
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

    /// Matching keeps its state in the store's temporary tables, not in
    /// memory, and drops them after the import, whether it commits or
    /// fails; the ids are listed only when asked.
    func testAnImportLeavesNoWorkTablesBehindAndListsIDsOnlyWhenAsked() throws {
        let node = try TestNode("graz")
        let path = try file(in: node)
        func workTables() throws -> Int64 {
            try XCTUnwrap(node.store.db.firstRow("SELECT count(*) FROM temp.sqlite_schema WHERE name LIKE 'import%'")).int(0)
        }
        let first = try node.local.importRecords(batchSize: Self.batch, listIDs: false) { body in
            try RecordReader.forEachRecord(paths: [path], body)
        }
        XCTAssertEqual([first.records, first.created], [Self.count, Self.count])
        XCTAssertEqual(first.ids, [])
        XCTAssertEqual(try workTables(), 0, "after a one-read import")

        let again = try importFile(path, into: node)
        XCTAssertEqual([again.created, again.updated, again.unchanged], [0, 0, Self.count])
        XCTAssertEqual(Set(again.ids).count, Self.count)
        XCTAssertEqual(try workTables(), 0, "after a two-read import")

        let bad = try file(in: node, bad: (Self.badAt, "{\"kind\": \"article\", \"title\": \"Late\", \"published_date\": \"2024-02-30\"}"))
        XCTAssertThrowsError(try importFile(bad, into: node))
        XCTAssertEqual(try workTables(), 0, "after a failed import")
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

    /// Counts how often an import reads its stream.
    private final class Reads {
        var count = 0
    }

    /// `records` as a stream that counts its reads in `reads`.
    private func countedStream(_ records: [DocumentRecord], _ reads: Reads) -> RecordStream {
        { body in
            reads.count += 1
            for (i, r) in records.enumerated() { try body(r, "ids.jsonl", i + 1) }
        }
    }

    /// Into a store with no documents nothing can match, so one read both
    /// decides and writes; the decisions are those of the two-read path.
    func testAnEmptyStoreIsImportedInOneReadWithTheSameDecisions() throws {
        let records = [
            DocumentRecord(id: "graz.own-id", kind: .article, content: Content(["title": .text("Kept id"), "city": .text("Graz")])),
            DocumentRecord(id: "oslo.foreign", kind: .article, content: Content(["title": .text("Reassigned"), "city": .text("Oslo")])),
            DocumentRecord(id: nil, kind: .talk, content: Content(["title": .text("No id"), "city": .text("Graz")])),
        ]
        let empty = try TestNode("graz")
        let reads = Reads()
        let summary = try empty.local.importRecords(batchSize: 2, countedStream(records, reads))
        XCTAssertEqual(reads.count, 1)
        XCTAssertEqual([summary.records, summary.created, summary.updated, summary.unchanged], [3, 3, 0, 0])
        XCTAssertEqual(summary.ids[0], "graz.own-id")
        XCTAssertTrue(summary.ids[1].hasPrefix("graz.") && summary.ids[2].hasPrefix("graz."), "\(summary.ids)")
        XCTAssertEqual(summary.reassigned.map(\.from), ["oslo.foreign"])
        XCTAssertEqual(try empty.store.stats().revisions, 3)

        // A store that holds a document reads twice, and decides the same way.
        let other = try TestNode("graz")
        _ = try other.local.importRecords(batchSize: 2) { body in
            try body(DocumentRecord(id: nil, kind: .article, content: Content(["title": .text("Already here")])), "one.jsonl", 1)
        }
        reads.count = 0
        let again = try other.local.importRecords(batchSize: 2, countedStream(records, reads))
        XCTAssertEqual(reads.count, 2)
        XCTAssertEqual([again.records, again.created, again.updated, again.unchanged], [3, 3, 0, 0])
        XCTAssertEqual(again.ids[0], "graz.own-id")
        XCTAssertEqual(again.reassigned.map(\.from), ["oslo.foreign"])
    }

    /// The reassigned ids are read back one at a time once the import has
    /// committed, and held only when the caller asks for the lists.
    func testReassignedIDsAreReportedAfterTheCommitWithoutBeingHeld() throws {
        let records = (1...5).map { n in
            DocumentRecord(id: "oslo.r\(n)", kind: .article, content: Content(["title": .text("Record \(n)"), "city": .text("Oslo")]))
        }
        let node = try TestNode("graz")
        var reported: [IDReassignment] = []
        var revisionsAtReport: Int?
        let summary = try node.local.importRecords(batchSize: 2, listIDs: false) { body in
            for (i, r) in records.enumerated() { try body(r, "oslo.jsonl", i + 1) }
        } report: { summary, forEachReassigned in
            XCTAssertEqual(summary.reassignedCount, 5)
            // Another connection sees only what is committed (the import's
            // own would see its uncommitted writes too).
            revisionsAtReport = try Store.open(at: node.home.storePath, readOnly: true).stats().revisions
            try forEachReassigned { reported.append($0) }
        }
        XCTAssertEqual(revisionsAtReport, 5, "reported after the commit")
        XCTAssertEqual(summary.reassigned, [], "not held")
        XCTAssertEqual(summary.ids, [])
        XCTAssertEqual(reported.map(\.from), records.compactMap(\.id), "in record order")
        XCTAssertEqual(Set(reported.map(\.to)).count, 5)
        XCTAssertTrue(reported.allSatisfy { $0.to.hasPrefix("graz.") }, "\(reported)")
        XCTAssertEqual(Set(try node.local.exportRecords().compactMap(\.id)), Set(reported.map(\.to)))
    }

    /// An id named twice is refused, naming both places, and nothing is
    /// written: in the one-read path the first record was already applied.
    func testAnIDNamedTwiceIsRefusedWhetherTheStoreIsEmptyOrNot() throws {
        for holdsDocuments in [false, true] {
            let node = try TestNode("graz")
            if holdsDocuments { try node.importCity("birmingham") }
            let digest = try node.digest()
            let head = try node.store.headSeq()
            let records = (1...5).map { n in
                DocumentRecord(id: n == 4 ? "graz.twice" : (n == 2 ? "graz.twice" : nil), kind: .article,
                               content: Content(["title": .text("Record \(n)"), "city": .text("Graz")]))
            }
            XCTAssertThrowsError(try node.local.importRecords(batchSize: 1) { body in
                for (i, r) in records.enumerated() { try body(r, "twice.jsonl", i + 1) }
            }) { error in
                guard let e = error as? ImportError else { return XCTFail("\(error)") }
                XCTAssertEqual([e.file, String(e.line), e.field ?? ""], ["twice.jsonl", "4", "id"], "holds documents: \(holdsDocuments)")
                XCTAssertTrue(e.reason.contains("appears twice (first at twice.jsonl:2)"), e.reason)
            }
            XCTAssertEqual(try node.store.headSeq(), head, "holds documents: \(holdsDocuments)")
            XCTAssertEqual(try node.digest(), digest, "holds documents: \(holdsDocuments)")
        }
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

    /// JSON Lines are parsed a batch ahead on another thread
    /// (`RecordReader.nextBatch` on a `BackgroundResult`): records still arrive in file order with their
    /// own line numbers across batch boundaries, and a line that is not
    /// UTF-8 late in the file stops the read there.
    func testRecordsParsedAheadArriveInOrderWithTheirLinesAndStopAtABadLine() throws {
        let node = try TestNode("graz")
        let path = node.directory.path("ahead.jsonl")
        var bytes: [UInt8] = []
        var expected: [(String, Int)] = []
        let lines = RecordReader.batchLines * 2 + 7
        for n in 1...lines {
            if n % 50 == 0 { bytes += Array("   \n".utf8); continue }   // blank lines count, but are not records
            if n == lines - 3 { bytes += [0x7B, 0xFF, 0x7D, 0x0A]; continue }
            bytes += Array((line(n) + "\n").utf8)
            if n < lines - 3 { expected.append(("Article \(n)", n)) }
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        var seen: [(String, Int)] = []
        XCTAssertThrowsError(try RecordReader.forEachRecord(paths: [path]) { record, file, line in
            XCTAssertEqual(file, path)
            seen.append((record.content.text("title"), line))
        }) { error in
            guard let e = error as? ImportError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.line, lines - 3)
            XCTAssertTrue(e.reason.contains("UTF-8"), e.reason)
        }
        XCTAssertEqual(seen.map(\.0), expected.map(\.0))
        XCTAssertEqual(seen.map(\.1), expected.map(\.1))
    }

    /// An import into an empty store builds the secondary indexes once at
    /// the end (`Store.withSecondaryIndexesDeferred`): afterwards the
    /// schema is exactly as before, also when the import failed.
    func testAnImportIntoAnEmptyStoreLeavesTheSchemaAsItWas() throws {
        let node = try TestNode("graz")
        func schema() throws -> [String] {
            try node.store.db.rows("SELECT type || ' ' || name || ': ' || COALESCE(sql, '') FROM sqlite_schema ORDER BY name")
                .map { try $0.string(0) }
        }
        let before = try schema()
        XCTAssertTrue(before.contains { $0.hasPrefix("index documents_order") }, "\(before)")
        let bad = try file(in: node, bad: (Self.badAt, "{\"kind\": \"article\", \"title\": \"Late\", \"published_date\": \"2024-02-30\"}"))
        XCTAssertThrowsError(try importFile(bad, into: node))
        XCTAssertEqual(try schema(), before, "a failed import puts the indexes back with the rest")
        XCTAssertEqual(try node.store.headSeq(), 0)

        let good = try file(in: node)
        XCTAssertEqual(try importFile(good, into: node).created, Self.count)
        XCTAssertEqual(try schema(), before)
        XCTAssertEqual(try node.store.db.firstRow("PRAGMA integrity_check")?.string(0), "ok")
        let plan = try node.store.db.rows("EXPLAIN QUERY PLAN SELECT seq FROM revisions WHERE doc_id = 'graz.x' ORDER BY seq")
            .map { try $0.string(3) }.joined()
        XCTAssertTrue(plan.contains("revisions_doc"), plan)
    }
}
