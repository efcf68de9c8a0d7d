import Foundation
import SQLite
import SyncCore
@testable import SyncStore
import XCTest

/// Store files written by older and newer schema versions.
final class StoreMigrationTests: StoreTestCase {
    /// Every row of `table`, in rowid order.
    private func dump(_ db: Connection, _ table: String) throws -> [[SQLiteValue]] {
        try db.rows("SELECT * FROM \(table) ORDER BY rowid").map(\.values)
    }

    /// The documents table's columns that v6 keeps, every row.
    private func dumpDocuments(_ db: Connection) throws -> [[SQLiteValue]] {
        try db.rows("""
            SELECT row_id, doc_id, kind, title, category, city, tags, sort_date, deleted, view, clock, heads,
                   sibling_count, conflict_count, delete_conflict, winner, created_seq, updated_seq
            FROM documents ORDER BY row_id
            """).map(\.values)
    }

    /// The searchable texts of the live documents before v6 (the documents table's own columns).
    private func textsBeforeV6(_ db: Connection) throws -> [[SQLiteValue]] {
        try db.rows("SELECT row_id, title, summary, body, abstract, notes FROM documents WHERE deleted = 0 ORDER BY row_id").map(\.values)
    }

    /// The same texts from v6 on: read back from the log through `documents_text`.
    private func textsFromV6(_ db: Connection) throws -> [[SQLiteValue]] {
        try db.rows("""
            SELECT row_id, coalesce(title, ''), coalesce(summary, ''), coalesce(body, ''), coalesce(abstract, ''), coalesce(notes, '')
            FROM documents_text ORDER BY row_id
            """).map(\.values)
    }

    private func tables(_ db: Connection) throws -> [String] {
        try db.rows("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'documents_fts_%' ORDER BY name")
            .map { try $0.string(0) }
    }

    /// A private copy of the committed v1 fixture (the original is never opened for writing).
    private func copyOfFixture() throws -> String {
        XCTAssertTrue(FileManager.default.fileExists(atPath: OldSchemaStore.fixturePath), OldSchemaStore.fixturePath)
        return try tmp.copy(OldSchemaStore.fixturePath, to: "old/store.sqlite")
    }

    func testTheCommittedFixtureHasOnlyMigrationV1() throws {
        let db = try Connection(path: try copyOfFixture(), mode: .readOnly)
        XCTAssertEqual(try StoreSchema.migrator.appliedIdentifiers(db), ["v1-node-documents-revisions"])
        XCTAssertEqual(try StoreSchema.migrator.pendingMigrations(db), ["v2-peer-sync-state", "v3-fts-written-by-the-store", "v4-rejected-revisions",
                                                                   "v5-list-order-and-count-indexes", "v6-text-once"])
        XCTAssertEqual(try tables(db), ["documents", "documents_fts", "node_meta", "revisions", "schema_migrations", "sqlite_sequence"])
        XCTAssertEqual(try db.firstRow("SELECT COUNT(*) FROM revisions")?.int(0), 5)
    }

    func testAnOldStoreIsUpgradedWhenOpenedAndKeepsItsData() throws {
        let path = try copyOfFixture()
        let before = try Connection(path: path, mode: .readOnly)
        let revisions = try dump(before, "revisions")
        let documents = try dumpDocuments(before)
        let texts = try textsBeforeV6(before)
        let meta = try dump(before, "node_meta")
        XCTAssertEqual(revisions.count, 5)
        XCTAssertEqual(documents.count, 3)

        let store = try Store.open(at: path)
        XCTAssertEqual(try StoreSchema.migrator.appliedIdentifiers(store.db),
                       ["v1-node-documents-revisions", "v2-peer-sync-state", "v3-fts-written-by-the-store", "v4-rejected-revisions",
                        "v5-list-order-and-count-indexes", "v6-text-once"])
        XCTAssertEqual(try store.db.rows("SELECT name FROM sqlite_master WHERE type = 'trigger'").count, 0,
                       "v3 hands the full-text index to the store")
        XCTAssertEqual(try tables(store.db), ["applied_changesets", "document_counts", "documents", "documents_fts", "node_meta",
                                              "peer_state", "rejected_revisions", "revisions", "runs", "schema_migrations",
                                              "sqlite_sequence", "store_counts"])
        // Existing rows are untouched.
        XCTAssertEqual(try dump(store.db, "revisions"), revisions)
        XCTAssertEqual(try dumpDocuments(store.db), documents)
        XCTAssertEqual(try textsFromV6(store.db), texts, "v6 reads the same texts back from the log")
        XCTAssertEqual(try dump(store.db, "node_meta").filter { $0[0] != .text(Store.indexVersionKey) }, meta)
        XCTAssertEqual(try store.db.firstRow("SELECT value FROM node_meta WHERE key = ?", Store.indexVersionKey)?.string(0),
                       try store.db.firstRow("SELECT sqlite_version()")?.string(0), "the SQLite that rebuilt the index is recorded")

        // And they read back through the current code.
        XCTAssertEqual(try store.nodeName, "oldtown")
        XCTAssertEqual(try store.counter, 5)
        let harbour = try XCTUnwrap(store.document("oldtown.harbour", now: now))
        XCTAssertEqual(harbour.content, OldSchemaStore.harbourV2)
        XCTAssertEqual(try store.history(of: "oldtown.harbour").map(\.revision.content),
                       [OldSchemaStore.harbourV1, OldSchemaStore.harbourV2])
        XCTAssertEqual(try store.document("oldtown.talk", now: now)?.content, OldSchemaStore.talk)
        XCTAssertEqual(try store.document("oldtown.gone", now: now)?.deleted, true)
        XCTAssertEqual(try store.list(ListFilter()).map(\.id), ["oldtown.talk", "oldtown.harbour"])
        XCTAssertEqual(try store.search("gauges").map(\.id), ["oldtown.harbour"])
        XCTAssertEqual(try store.search("withdrawn").map(\.id), [])
        let stats = try store.stats()
        XCTAssertEqual([stats.articles, stats.talks, stats.deleted, stats.revisions], [1, 1, 1, 5])
        XCTAssertEqual(stats.cities, ["oldtown": 2], "v5 counted the rows the old store held")
        try assertKeptCountsMatchTheRows(store)
        try assertSearchIndexMatchesTheLog(store)
        XCTAssertEqual(try store.changes(after: 0, limit: 10).map(\.seq), [1, 2, 3, 4, 5])

        // The v2 tables work, and new writes continue the old log and counter.
        try store.db.run("INSERT INTO peer_state (peer, pulled_seq) VALUES (?, ?)", "newtown", 3)
        XCTAssertEqual(try store.db.firstRow("SELECT pulled_seq FROM peer_state WHERE peer = 'newtown'")?.int(0), 3)
        let next = try commit("oldtown.harbour", .article, StoreTestCase.article("Harbour sensors, year two"), in: store)
        XCTAssertEqual(next.revision.dot, Dot(actor: "oldtown", counter: 6))
        XCTAssertEqual(next.revision.context, VersionVector(["oldtown": 2]))

        // The index the v1 triggers built is now kept by the store: the edit
        // replaced the old words with the new ones.
        XCTAssertEqual(try store.search("gauges").map(\.id), [])
        XCTAssertEqual(try store.search("year two").map(\.id), ["oldtown.harbour"])
        try store.db.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 0)")  // the index itself (deleted documents are deliberately not indexed)
        XCTAssertEqual(try store.headSeq(), 6)
        try assertKeptCountsMatchTheRows(store)
        try assertSearchIndexMatchesTheLog(store)

        // Opening again applies nothing more.
        XCTAssertEqual(try StoreSchema.migrator.pendingMigrations(store.db), [])
    }

    /// A store at v4 (the last schema before the list and count indexes)
    /// gains them with its data, search and counts intact.
    func testAVersion4StoreGainsTheListIndexesAndCounts() throws {
        let path = try copyOfFixture()
        let v4 = Migrator(Array(StoreSchema.migrator.migrations.prefix(4)))
        do {
            let db = try Connection(path: path, mode: .readWrite)
            XCTAssertEqual(try v4.migrate(db).last, "v4-rejected-revisions")
        }
        let before = try Connection(path: path, mode: .readOnly)
        let documents = try dumpDocuments(before)
        let plan = "EXPLAIN QUERY PLAN SELECT doc_id FROM documents WHERE deleted = 0 ORDER BY sort_date DESC, doc_id LIMIT 20"
        XCTAssertTrue(try before.rows(plan).map { try $0.string(3) }.joined().contains("TEMP B-TREE"), "v4 sorts to list")

        let store = try Store.open(at: path)
        XCTAssertEqual(try StoreSchema.migrator.pendingMigrations(store.db), [])
        XCTAssertEqual(try dumpDocuments(store.db), documents)
        XCTAssertFalse(try store.db.rows(plan).map { try $0.string(3) }.joined().contains("TEMP B-TREE"), "v5 lists from an index")
        XCTAssertEqual(try store.list(ListFilter()).map(\.id), ["oldtown.talk", "oldtown.harbour"])
        XCTAssertEqual(try store.list(ListFilter(kind: .talk)).map(\.id), ["oldtown.talk"])
        XCTAssertEqual(try store.search("gauges").map(\.id), ["oldtown.harbour"])
        XCTAssertEqual(try store.count(ListFilter()), 2)
        var candidates: [String: String] = [:]
        try store.forEachImportCandidate { candidates[$0.id] = $0.contentJSON }
        XCTAssertEqual(candidates["oldtown.harbour"], Store.contentJSON(of: OldSchemaStore.harbourV2), "a view stored by v4 is read as it is")
        let stats = try store.stats()
        XCTAssertEqual([stats.articles, stats.talks, stats.deleted, stats.revisions], [1, 1, 1, 5])
        try assertKeptCountsMatchTheRows(store)
        try assertSearchIndexMatchesTheLog(store)
        try store.db.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 0)")
    }

    /// A store at v5 (texts in the documents table, and views left in the
    /// log where they are the winner's content) keeps each text once after
    /// v6, with search, snippets and the index intact.
    func testAVersion5StoreKeepsEachTextOnceWithSearchIntact() throws {
        let path = try copyOfFixture()
        let v5 = Migrator(Array(StoreSchema.migrator.migrations.prefix(5)))
        do {
            let db = try Connection(path: path, mode: .readWrite)
            XCTAssertEqual(try v5.migrate(db).last, "v5-list-order-and-count-indexes")
            // What the v5 code wrote for a view that is its winner's content.
            try db.execute("""
                UPDATE documents AS d SET view = '' WHERE view = (SELECT content FROM revisions r
                    WHERE r.actor = \(Store.winnerActorSQL) AND r.counter = \(Store.winnerCounterSQL))
                """)
            XCTAssertGreaterThan(db.changes, 0)
        }
        let before = try Connection(path: path, mode: .readOnly)
        let documents = try dumpDocuments(before)
        let texts = try textsBeforeV6(before)
        XCTAssertEqual(texts.count, 2)

        let store = try Store.open(at: path)
        XCTAssertEqual(try StoreSchema.migrator.pendingMigrations(store.db), [])
        XCTAssertEqual(try dumpDocuments(store.db), documents)
        XCTAssertEqual(try textsFromV6(store.db), texts)
        let columns = try store.db.rows("SELECT name FROM pragma_table_info('documents')").map { try $0.string(0) }
        XCTAssertTrue(Set(["summary", "body", "abstract", "notes"]).isDisjoint(with: columns), "\(columns)")
        XCTAssertEqual(try store.search("gauges").map(\.id), ["oldtown.harbour"])
        let snippet = try XCTUnwrap(store.search("gauges").first?.snippet)
        XCTAssertEqual(snippet, "Tide [gauges] along the quay.", "snippets read the text from the log")
        XCTAssertEqual(try store.search("surveys").map(\.id), ["oldtown.talk"], "abstracts are indexed")
        XCTAssertEqual(try store.search("withdrawn").map(\.id), [], "deleted documents are not indexed")
        try store.db.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 0)")

        // An edit takes the old words out of the index and puts the new ones in.
        try commit("oldtown.harbour", .article, StoreTestCase.article("Harbour sensors, year two"), in: store)
        XCTAssertEqual(try store.search("gauges").map(\.id), [])
        XCTAssertEqual(try store.search("year two").map(\.id), ["oldtown.harbour"])
        try store.db.execute("INSERT INTO documents_fts (documents_fts, rank) VALUES ('integrity-check', 0)")
        try assertKeptCountsMatchTheRows(store)
        try assertSearchIndexMatchesTheLog(store)
    }

    func testAReadOnlyOpenOfAnOldStoreAsksForAnUpgradeAndWritesNothing() throws {
        let path = try copyOfFixture()
        let digest = Self.fileDigest(path)
        XCTAssertThrowsError(try Store.open(at: path, readOnly: true)) { error in
            guard case .invalid(let message)? = error as? StoreError else { return XCTFail("\(error)") }
            XCTAssertTrue(message.contains("needs a schema upgrade (v2-peer-sync-state, v3-fts-written-by-the-store, v4-rejected-revisions, v5-list-order-and-count-indexes, v6-text-once)"), message)
        }
        XCTAssertEqual(Self.fileDigest(path), digest)
        let db = try Connection(path: path, mode: .readOnly)
        XCTAssertEqual(try StoreSchema.migrator.appliedIdentifiers(db), ["v1-node-documents-revisions"])
    }

    /// The committed fixture is what the committed generator makes.
    func testTheGeneratorReproducesTheCommittedFixture() throws {
        let generated = tmp.path("generated.sqlite")
        try OldSchemaStore.write(to: generated)
        XCTAssertFalse(FileManager.default.fileExists(atPath: generated + "-wal"), "the generator leaves a complete file")
        let a = try Connection(path: generated, mode: .readOnly)
        let b = try Connection(path: try copyOfFixture(), mode: .readOnly)
        for table in ["schema_migrations", "node_meta", "revisions", "documents"] {
            XCTAssertEqual(try dump(a, table), try dump(b, table), table)
        }
        XCTAssertEqual(try a.rows("SELECT sql FROM sqlite_master ORDER BY name").map { try $0.optionalString(0) },
                       try b.rows("SELECT sql FROM sqlite_master ORDER BY name").map { try $0.optionalString(0) })
    }

    func testAStoreWrittenByANewerVersionIsRefused() throws {
        try commit("alpha.doc", .article, Self.article("From the future"))
        try store.db.run("INSERT INTO schema_migrations (identifier) VALUES (?)", "v9-from-the-future")
        let path = store.path
        store = nil
        XCTAssertEqual(Self.storeDigests(path), ["": Self.fileDigest(path), "-wal": "absent", "-shm": "absent"],
                       "closing the last connection checkpoints and removes the WAL")
        let digest = Self.fileDigest(path)
        for readOnly in [false, true] {
            XCTAssertThrowsError(try Store.open(at: path, readOnly: readOnly), "readOnly: \(readOnly)") { error in
                XCTAssertEqual(error as? StoreError, .newerSchema(path: path, unknown: ["v9-from-the-future"]))
                XCTAssertTrue("\(error)".contains("written by a newer syncnode"), "\(error)")
            }
            XCTAssertEqual(Self.fileDigest(path), digest, "a refused store is left as it was (readOnly: \(readOnly))")
            // A read-only connection may leave SQLite's empty WAL and its index behind, never data.
            XCTAssertTrue(["absent", Self.emptyDigest].contains(Self.fileDigest(path + "-wal")))
        }
    }

    /// Rewrites `Fixtures/test-data/store-v1.sqlite` when asked to; skipped otherwise.
    func testRegenerateTheFixtureWhenAsked() throws {
        guard ProcessInfo.processInfo.environment["SYNCNODE_REGENERATE_FIXTURES"] == "1" else {
            throw XCTSkip("set SYNCNODE_REGENERATE_FIXTURES=1 to rewrite \(OldSchemaStore.fixturePath)")
        }
        let fresh = tmp.path("fresh.sqlite")
        try OldSchemaStore.write(to: fresh)
        try? FileManager.default.removeItem(atPath: OldSchemaStore.fixturePath)
        try FileManager.default.createDirectory(atPath: (OldSchemaStore.fixturePath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: fresh, toPath: OldSchemaStore.fixturePath)
    }
}
