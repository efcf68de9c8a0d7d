import Foundation
import SyncCore
@testable import SyncNode
import SyncStore
import XCTest

/// Import matches records to documents (id, identical content, source_url)
/// so that repeating an import writes nothing, and never creates a document
/// in another node's namespace.
final class ImportMatchingTests: XCTestCase {
    typealias Located = (record: DocumentRecord, file: String, line: Int)

    private func article(_ title: String, id: String? = nil, url: String? = nil, summary: String? = nil) -> DocumentRecord {
        var content = Content(["title": .text(title)])
        if let url { content["source_url"] = .text(url) }
        if let summary { content["summary"] = .text(summary) }
        return DocumentRecord(id: id, kind: .article, content: content)
    }

    private func located(_ records: [DocumentRecord]) -> [Located] {
        records.enumerated().map { ($0.element, "test.jsonl", $0.offset + 1) }
    }

    private func entries(_ records: [DocumentRecord]) -> [ImportEntry] {
        located(records).map { ImportEntry($0.record, file: $0.file, line: $0.line) }
    }

    @discardableResult
    private func importing(_ records: [DocumentRecord], into node: TestNode) throws -> ImportSummary {
        try node.local.importRecords(located(records), files: 1)
    }

    func testImportingTheFixturesTwiceWritesNoRevisionTheSecondTime() throws {
        let node = try TestNode("birmingham")
        let first = try node.importCity()
        XCTAssertEqual([first.created, first.updated, first.unchanged], [5, 0, 0])
        let revisions = try node.revisionIDs()
        let digest = try node.digest()

        let second = try node.importCity()
        XCTAssertEqual([second.created, second.updated, second.unchanged], [0, 0, 5])
        XCTAssertEqual(second.ids, first.ids, "each record found its own document again")
        XCTAssertEqual(second.reassigned, [])
        XCTAssertEqual(try node.revisionIDs(), revisions)
        XCTAssertEqual(try node.digest(), digest)
    }

    func testARecordWithoutIDUpdatesTheDocumentWithItsSourceURL() throws {
        let node = try TestNode("testville")
        let created = try importing([article("Flood sensors", url: "https://example.org/flood")], into: node)
        let id = try XCTUnwrap(created.ids.first)

        let changed = try importing([article("Flood sensors, revised", url: "https://example.org/flood")], into: node)
        XCTAssertEqual([changed.created, changed.updated, changed.unchanged], [0, 1, 0])
        XCTAssertEqual(changed.ids, [id])
        XCTAssertEqual(try node.store.document(id, now: WallClock.nowMillis())?.content.text("title"), "Flood sensors, revised")

        // Another url is another document.
        let other = try importing([article("Flood sensors, revised", url: "https://example.org/other")], into: node)
        XCTAssertEqual([other.created, other.updated, other.unchanged], [1, 0, 0])
        XCTAssertNotEqual(other.ids, [id])
    }

    func testAnExplicitIDUpdatesItsDocumentAndIdenticalContentIsUnchanged() throws {
        let node = try TestNode("testville")
        let id = try XCTUnwrap(try importing([article("No url")], into: node).ids.first)
        let count = try node.revisionIDs().count

        let same = try importing([article("No url")], into: node)
        XCTAssertEqual([same.created, same.updated, same.unchanged], [0, 0, 1], "identical content without id or url")
        XCTAssertEqual(same.ids, [id])
        XCTAssertEqual(try node.revisionIDs().count, count)

        let edit = try importing([article("No url", id: id, summary: "Now with a summary.")], into: node)
        XCTAssertEqual([edit.created, edit.updated, edit.unchanged], [0, 1, 0])
        XCTAssertEqual(try node.store.document(id, now: WallClock.nowMillis())?.content.text("summary"), "Now with a summary.")
        XCTAssertEqual(try node.revisionIDs().count, count + 1)
    }

    func testRecordsSharingASourceURLKeepTheirOwnDocuments() throws {
        let node = try TestNode("testville")
        let url = "https://example.org/shared"
        let pair = [article("First", url: url), article("Second", url: url)]
        let created = try importing(pair, into: node)
        XCTAssertEqual(created.created, 2, "a document is matched by one record at most")
        XCTAssertEqual(Set(created.ids).count, 2)

        let again = try importing(pair.reversed(), into: node)
        XCTAssertEqual([again.created, again.updated, again.unchanged], [0, 0, 2])
        XCTAssertEqual(again.ids, created.ids.reversed())

        // A changed record with that url updates the smallest id that no identical record claims.
        let changed = try importing([article("Third", url: url)], into: node)
        XCTAssertEqual(changed.ids, [created.ids.min()!])
        XCTAssertEqual(changed.updated, 1)
    }

    /// A changed record listed first must not take the document that an
    /// identical record later in the import repeats.
    func testIdenticalContentIsMatchedBeforeSourceURL() throws {
        let url = "https://example.org/u"
        let unchanged = article("Kept", url: url)
        func candidate(_ id: String, _ record: DocumentRecord, siblings: Int = 1, deleted: Bool = false) -> ImportCandidate {
            ImportCandidate(id: id, kind: record.kind, deleted: deleted, siblingCount: siblings,
                            sourceURL: record.content.text("source_url"), contentJSON: Store.contentJSON(of: record.content))
        }
        let candidates = [
            candidate("n.a", unchanged), candidate("n.b", article("Old", url: url)),
            candidate("n.c", article("Torn"), siblings: 2),
            candidate("n.d", DocumentRecord(id: nil, kind: .talk, content: Content()), deleted: true),
        ]
        // The matcher's work tables live in a store; the candidates stand for its documents.
        let node = try TestNode("n")
        func decisions(_ records: [DocumentRecord], mint: () -> String) throws -> [ImportDecision] {
            var matcher = try ImportMatcher(node: "n", store: node.store)
            for c in candidates { try matcher.add(c) }
            for e in entries(records) { try matcher.add(e) }
            try matcher.decide()
            return try (0..<matcher.count).map { try matcher.decision(at: $0, mint: mint) }
        }
        var minted = 0
        let decided = try decisions([
            article("Changed", url: url), unchanged, article("Torn"), article("New", id: "other.x"),
            article("Named", id: "n.e"),
        ]) {
            minted += 1
            return "n.minted\(minted)"
        }
        XCTAssertEqual(decided, [
            .update("n.b"), .unchanged("n.a"),
            .update("n.c"),   // identical to the shown view, but two siblings: the import settles them
            .create("n.minted1", reassignedFrom: "other.x"), .create("n.e", reassignedFrom: nil),
        ])

        // A deleted document's id still names it: as the other kind it is refused.
        XCTAssertThrowsError(try decisions([article("Gone", id: "n.d")]) { "n.never" }) { error in
            guard let e = error as? ImportError else { return XCTFail("\(error)") }
            XCTAssertEqual([e.file, String(e.line), e.field ?? ""], ["test.jsonl", "1", "kind"])
            XCTAssertTrue(e.reason.hasPrefix("n.d is a talk in this store, not an article: give the record kind \"talk\""), e.reason)
        }
    }

    func testAnotherNodesIDIsReassignedUnlessTheStoreHasIt() throws {
        let lisbon = try TestNode("lisbon")
        try lisbon.importCity("birmingham")
        let exported = try lisbon.local.exportRecords()
        XCTAssertEqual(exported.count, 5)

        let reykjavik = try TestNode("reykjavik")
        let first = try importing(exported, into: reykjavik)
        XCTAssertEqual(first.created, 5)
        XCTAssertEqual(first.reassigned.map(\.from), exported.map { $0.id! })
        XCTAssertEqual(first.reassigned.map(\.to), first.ids)
        for (record, id) in zip(exported, first.ids) {
            XCTAssertTrue(id.hasPrefix("reykjavik."), id)
            let copy = try XCTUnwrap(try reykjavik.store.document(id, now: WallClock.nowMillis()))
            XCTAssertEqual(copy.content, record.content, "content, source_url included, is kept")
        }
        XCTAssertNil(try reykjavik.store.document(exported[0].id!, now: WallClock.nowMillis()))
        let revisions = try reykjavik.revisionIDs()

        let second = try importing(exported, into: reykjavik)
        XCTAssertEqual([second.created, second.updated, second.unchanged], [0, 0, 5])
        XCTAssertEqual(second.reassigned, [])
        XCTAssertEqual(try reykjavik.revisionIDs(), revisions)

        // Once lisbon's documents arrive by sync, a record with lisbon's id edits lisbon's document.
        try reykjavik.store.write { scope in
            for change in try lisbon.store.changes(after: 0, limit: 1_000) {
                _ = try reykjavik.store.apply(change.signed, origin: "lisbon", now: WallClock.nowMillis(), in: scope)
            }
        }
        var edited = exported[0]
        edited.content["summary"] = .text("Edited in Reykjavik.")
        let edit = try importing([edited], into: reykjavik)
        XCTAssertEqual([edit.created, edit.updated, edit.unchanged], [0, 1, 0])
        XCTAssertEqual(edit.ids, [exported[0].id!])
        let written = try XCTUnwrap(try reykjavik.ownRevisions().last?.revision)
        XCTAssertEqual(written.documentID, exported[0].id!)
        XCTAssertFalse(DocumentOwnership.isCreating(written))
        XCTAssertNoThrow(try DocumentOwnership.check(written))
    }

    func testAddRefusesToCreateInAnotherNodesNamespace() throws {
        let node = try TestNode("reykjavik")
        XCTAssertThrowsError(try node.local.add(article("Not mine", id: "lisbon.abc"))) { error in
            guard let e = error as? NodeError else { return XCTFail("\(error)") }
            XCTAssertEqual(e.kind, .data)
            XCTAssertTrue(e.message.contains("lisbon.abc is owned by node 'lisbon'"), e.message)
            XCTAssertTrue(e.message.contains("Remove the id"), e.message)
        }
        XCTAssertEqual(try node.revisionIDs(), [])
        XCTAssertEqual(try node.local.add(article("Mine", id: "reykjavik.abc")), "reykjavik.abc")
        let minted = try node.local.add(article("Minted"))
        XCTAssertTrue(minted.hasPrefix("reykjavik."), minted)
        XCTAssertEqual(try node.revisionIDs().count, 2)
    }
}
