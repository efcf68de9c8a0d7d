import Foundation
import SQLite
import SyncCore
import SyncCrypto
@testable import SyncStore
import TestSupport
import XCTest

/// A store in a fresh temporary directory, and short builders for content
/// and revisions. The store does not verify signatures (the node does before
/// applying), so revisions here carry a fixed-size stand-in signature.
class StoreTestCase: XCTestCase {
    /// 2023-11-14T22:13:20Z: every write in these tests happens "now".
    static let now: UInt64 = 1_700_000_000_000
    var now: UInt64 { Self.now }

    private(set) var tmp: TemporaryDirectory!
    var store: Store!

    override func setUpWithError() throws {
        tmp = try TemporaryDirectory(prefix: "syncstore-test")
        store = try Store.create(at: tmp.path("store.sqlite"), nodeName: "alpha", now: now)
    }

    override func tearDown() {
        store = nil
        tmp = nil
    }

    /// A 64-byte stand-in signature: like a real one, it differs whenever
    /// the signed bytes differ.
    static func signature(_ r: Revision) -> [UInt8] {
        let digest = SHA256.hash(CanonicalEncoding.signingBytes(of: r))
        return digest + SHA256.hash(digest)
    }

    /// A local write through the store's `commitLocal`, in its own transaction.
    @discardableResult
    func commit(_ id: String, _ kind: DocumentKind = .article, _ content: Content, tombstone: Bool = false,
                at time: UInt64? = nil, in store: Store? = nil) throws -> SignedRevision {
        let s = store ?? self.store!
        return try s.write { scope in
            try s.commitLocal(documentID: id, kind: kind, content: content, tombstone: tombstone,
                              now: time ?? now, sign: Self.signature, in: scope)
        }
    }

    /// A revision written by another node.
    static func remote(_ id: String, _ kind: DocumentKind = .article, dot: String, context: [String: UInt64] = [:],
                       millis: UInt64 = now, tombstone: Bool = false, _ content: Content = Content()) -> SignedRevision {
        let d = Dot(dot)!
        let r = Revision(documentID: id, kind: kind, dot: d, context: VersionVector(context), author: d.actor,
                         timestamp: HybridTimestamp(millis: millis), tombstone: tombstone,
                         content: tombstone ? Content() : content)
        return SignedRevision(revision: r, signature: signature(r))
    }

    /// Applies a received revision in its own transaction.
    @discardableResult
    func receive(_ signed: SignedRevision, from peer: String = "beta", in store: Store? = nil) throws -> ApplyResult {
        let s = store ?? self.store!
        return try s.write { scope in try s.apply(signed, origin: peer, now: now, in: scope) }
    }

    static func article(_ title: String, summary: String? = nil, body: String? = nil, category: String? = nil,
                        city: String? = nil, tags: [String]? = nil, date: String? = nil) -> Content {
        var c = Content()
        c["title"] = .text(title)
        c["summary"] = summary.map(FieldValue.text)
        c["body"] = body.map(FieldValue.text)
        c["category"] = category.map(FieldValue.text)
        c["city"] = city.map(FieldValue.text)
        c["tags"] = tags.map(FieldValue.list)
        c["published_date"] = date.map(FieldValue.text)
        return c
    }

    static func talk(_ title: String, speaker: String? = nil, abstract: String? = nil, notes: String? = nil,
                     category: String? = nil, city: String? = nil, tags: [String]? = nil, date: String? = nil) -> Content {
        var c = Content()
        c["title"] = .text(title)
        c["speaker"] = speaker.map(FieldValue.text)
        c["abstract"] = abstract.map(FieldValue.text)
        c["notes"] = notes.map(FieldValue.text)
        c["category"] = category.map(FieldValue.text)
        c["city"] = city.map(FieldValue.text)
        c["tags"] = tags.map(FieldValue.list)
        c["event_date"] = date.map(FieldValue.text)
        return c
    }

    /// The counts `stats` reads from (kept by the store as it writes) equal
    /// a recount of the rows themselves.
    func assertKeptCountsMatchTheRows(_ s: Store, file: StaticString = #filePath, line: UInt = #line) throws {
        let kept = try s.db.rows("SELECT deleted, kind, city, n FROM document_counts WHERE n != 0 ORDER BY 1, 2, 3")
            .map { try "\($0.int(0)) \($0.string(1)) \($0.string(2)) \($0.int(3))" }
        let counted = try s.db.rows("SELECT deleted, kind, city, COUNT(*) FROM documents GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")
            .map { try "\($0.int(0)) \($0.string(1)) \($0.string(2)) \($0.int(3))" }
        XCTAssertEqual(kept, counted, "document counts", file: file, line: line)
        XCTAssertEqual(try s.stats().revisions, Int(try s.db.firstRow("SELECT COUNT(*) FROM revisions")?.int(0) ?? -1),
                       "revision count", file: file, line: line)
    }

    /// The full-text index holds exactly the words of the live documents'
    /// texts as the log gives them (StoreSchema.v6): an entry removed with
    /// other texts than it was indexed with would leave stale words behind,
    /// which FTS5's own integrity-check does not see for an external-content
    /// index. Compares every (term, document, column, offset) with a fresh
    /// index built from the same texts.
    func assertSearchIndexMatchesTheLog(_ s: Store, file: StaticString = #filePath, line: UInt = #line) throws {
        try s.db.execute("""
            DROP TABLE IF EXISTS temp.check_fts; DROP TABLE IF EXISTS temp.check_terms; DROP TABLE IF EXISTS temp.store_terms;
            CREATE VIRTUAL TABLE temp.check_fts USING fts5(title, summary, body, abstract, notes, tokenize = 'unicode61 remove_diacritics 2');
            INSERT INTO temp.check_fts (rowid, title, summary, body, abstract, notes)
                SELECT row_id, title, summary, body, abstract, notes FROM main.documents_text;
            CREATE VIRTUAL TABLE temp.check_terms USING fts5vocab(temp, check_fts, instance);
            CREATE VIRTUAL TABLE temp.store_terms USING fts5vocab(main, documents_fts, instance);
            """)
        defer { try? s.db.execute("DROP TABLE temp.check_fts; DROP TABLE temp.check_terms; DROP TABLE temp.store_terms;") }
        let stale = try s.db.rows("SELECT term, doc FROM (SELECT term, doc, col, offset FROM temp.store_terms EXCEPT SELECT term, doc, col, offset FROM temp.check_terms) LIMIT 5")
            .map { try "\($0.string(0))@\($0.int(1))" }
        let missing = try s.db.rows("SELECT term, doc FROM (SELECT term, doc, col, offset FROM temp.check_terms EXCEPT SELECT term, doc, col, offset FROM temp.store_terms) LIMIT 5")
            .map { try "\($0.string(0))@\($0.int(1))" }
        XCTAssertEqual(stale, [], "words in the index that no live text has", file: file, line: line)
        XCTAssertEqual(missing, [], "words of live texts missing from the index", file: file, line: line)
    }

    /// The SHA-256 of the file at `path`, or "absent".
    static func fileDigest(_ path: String) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { return "absent" }
        return SHA256.hexDigest(Array(data))
    }

    /// The digest of an empty file.
    static let emptyDigest = SHA256.hexDigest([])

    /// Digests of a store file and its -wal and -shm companions.
    static func storeDigests(_ path: String) -> [String: String] {
        ["": fileDigest(path), "-wal": fileDigest(path + "-wal"), "-shm": fileDigest(path + "-shm")]
    }
}
