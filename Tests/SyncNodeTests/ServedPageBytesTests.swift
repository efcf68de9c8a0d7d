import SyncCore
import SyncNode
import SyncProtocol
import SyncStore
import TestSupport
import XCTest

/// A serving node writes each page from its log rows with the stored
/// content spliced in unparsed (`NodeService.pageEntry`). Those bytes must
/// be the bytes of the same page built from decoded revisions, whatever the
/// content holds: escapes, control characters, non-ASCII text, lists,
/// tombstones, contexts and excluded rows.
final class ServedPageBytesTests: XCTestCase {
    private static func stand(_ r: Revision) -> [UInt8] {
        let bytes = CanonicalEncoding.signingBytes(of: r)
        return (0..<64).map { i in bytes[(i * 131) % bytes.count] &+ UInt8(i) }
    }

    private static func content(_ i: Int) -> Content {
        var c = Content()
        c["title"] = .text("Quote \" backslash \\ slash / tab \t newline \n bell \u{07} nul-free \u{1F} #\(i)")
        c["summary"] = .text("Birmingham — Brum’s strategy, naïve café, 東京, emoji 🚋 \(i)")
        c["tags"] = .list(["a \"b\"", "c\\d", "é", ""])
        c["body"] = .text(String(repeating: "Paragraph \(i).\n\n", count: i % 5 + 1))
        return c
    }

    func testPagesFromStoredRowsAreThePagesOfTheRevisions() throws {
        let tmp = try TemporaryDirectory(prefix: "served-page")
        let store = try Store.create(at: tmp.path("store.sqlite"), nodeName: "alpha", now: 1_700_000_000_000)
        for i in 1...6 {
            try store.write { scope in
                _ = try store.commitLocal(documentID: "alpha.d\(i)", kind: i % 2 == 0 ? .talk : .article,
                                          content: Self.content(i), tombstone: false, now: 1_700_000_000_000 + UInt64(i),
                                          sign: Self.stand, in: scope)
            }
        }
        try store.write { scope in
            _ = try store.commitLocal(documentID: "alpha.d2", kind: .talk, content: Content(), tombstone: true,
                                      now: 1_700_000_001_000, sign: Self.stand, in: scope)
        }
        let remote = Revision(documentID: "beta.x", kind: .article, dot: Dot(actor: "beta~2", counter: 4),
                              context: VersionVector(["beta~2": 3, "alpha": 2]), author: "beta",
                              timestamp: HybridTimestamp(millis: 1_700_000_002_000, logical: 7), tombstone: false,
                              content: Self.content(9))
        try store.write { scope in
            _ = try store.apply(SignedRevision(revision: remote, signature: Self.stand(remote)), origin: "beta",
                                now: 1_700_000_002_000, in: scope)
        }

        for exclude in [nil, "beta"] as [String?] {
            for (since, limit) in [(0, 100), (0, 3), (3, 2), (8, 5)] {
                let records = try store.changesPage(after: Int64(since), limit: limit, exclude: exclude)
                let stored = try store.storedChangesPage(after: Int64(since), limit: limit, exclude: exclude)
                XCTAssertEqual(stored.lastScanned, records.lastScanned)
                XCTAssertEqual(stored.entries.map(\.seq), records.entries.map(\.seq))
                for (s, r) in zip(stored.entries, records.entries) {
                    XCTAssertEqual(NodeService.pageEntry(s).revision, WireRevision.encode(r.signed),
                                   "revision \(r.revision.revisionID), exclude \(exclude ?? "none")")
                }
                let fromRevisions = ChangesPage(node: "alpha", since: UInt64(since), next: UInt64(records.lastScanned),
                                                hasMore: true, entries: records.entries.map {
                                                    ChangesPage.Entry(seq: UInt64($0.seq), revision: $0.signed) })
                let body = ChangesPageBody(node: "alpha", since: UInt64(since), next: UInt64(stored.lastScanned),
                                           hasMore: true, entries: stored.entries.map(NodeService.pageEntry)).encoded()
                XCTAssertEqual(body, fromRevisions.encoded())
                XCTAssertEqual(body, fromRevisions.json.serialized())
                if fromRevisions.next > fromRevisions.since {
                    XCTAssertEqual(try ChangesPage.decode(body), fromRevisions)
                }
            }
        }
    }
}
