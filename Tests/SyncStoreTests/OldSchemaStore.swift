import Foundation
import SQLite
import SyncCore
@testable import SyncStore

/// Writes a store file as syncnode wrote it when the schema had only
/// migration v1: the shipped v1 migration (its SQL, and its identifier in
/// `schema_migrations`), the node metadata `Store.create` writes, and five
/// revisions of three documents (an edit and a delete among them).
///
/// `Fixtures/test-data/store-v1.sqlite` was made with it; regenerate with
/// `SYNCNODE_REGENERATE_FIXTURES=1 swift test --filter StoreMigrationTests`.
enum OldSchemaStore {
    static let nodeName = "oldtown"
    static let createdAt: UInt64 = 1_650_000_000_000
    static let v1Identifier = "v1-node-documents-revisions"

    static let harbourV1 = StoreTestCase.article(
        "Harbour sensors", summary: "Tide gauges along the quay.", body: "Gauges report every ten minutes.",
        category: "Open Data", city: "oldtown", tags: ["open-data", "sensors"], date: "2022-03-01")
    static let harbourV2 = StoreTestCase.article(
        "Harbour sensors, year one", summary: "Tide gauges along the quay.",
        body: "Gauges report every ten minutes; the data is published hourly.",
        category: "Open Data", city: "oldtown", tags: ["open-data", "sensors", "climate"], date: "2022-03-01")
    static let talk = StoreTestCase.talk(
        "Listening to residents", speaker: "R. Example", abstract: "What a year of street surveys taught us.",
        notes: "Slides and notes from the session.", category: "Citizen Engagement", city: "oldtown",
        tags: ["citizen-engagement"], date: "2022-04-20")
    static let gone = StoreTestCase.article("A withdrawn note", city: "oldtown", date: "2022-02-02")

    /// The committed fixture.
    static var fixturePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/Fixtures/test-data/store-v1.sqlite"
    }

    /// Writes the old store to `path` (which must not exist). The file is
    /// complete on return: checkpointed, its connection closed, no -wal left.
    static func write(to path: String) throws {
        let v1 = StoreSchema.migrator.migrations[0]
        guard v1.identifier == v1Identifier else {
            throw StoreError.invalid("the first shipped migration is \(v1.identifier), not \(v1Identifier): migrations are append-only")
        }
        let db = try Connection(path: path, mode: .create)
        try Store.configure(db)
        try Migrator([v1]).migrate(db)
        // Today's store keeps counts as it writes (v5); v1 had none, so
        // temporary tables, which never reach the file, take them.
        try db.execute("""
            CREATE TEMP TABLE document_counts (deleted INTEGER NOT NULL, kind TEXT NOT NULL, city TEXT NOT NULL,
                n INTEGER NOT NULL, PRIMARY KEY (deleted, kind, city)) WITHOUT ROWID;
            CREATE TEMP TABLE store_counts (name TEXT NOT NULL PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO temp.store_counts VALUES ('revisions', 0);
            """)
        // Today's store reads the indexed texts back from the log (v6): the
        // same view, made temporary, which never reaches the file.
        try db.execute(Self.temporaryDocumentsTextView())
        let store = Store(db: db, path: path, readOnly: false)
        try db.inTransaction {
            for (key, value) in [("name", nodeName), ("actor", nodeName), ("epoch", "1"), ("counter", "0"),
                                 ("hlc_millis", "0"), ("hlc_logical", "0"), ("created_at", String(createdAt)),
                                 ("public_key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] {
                try store.setMeta(key, value)
            }
        }
        let writes: [(String, DocumentKind, Content, Bool)] = [
            ("oldtown.harbour", .article, harbourV1, false),
            ("oldtown.harbour", .article, harbourV2, false),
            ("oldtown.talk", .talk, talk, false),
            ("oldtown.gone", .article, gone, false),
            ("oldtown.gone", .article, Content(), true),
        ]
        try store.write { scope in
            for (n, (id, kind, content, tombstone)) in writes.enumerated() {
                try store.commitLocal(documentID: id, kind: kind, content: content, tombstone: tombstone,
                                      now: createdAt + UInt64(n + 1) * 1_000, sign: StoreTestCase.signature, in: scope)
            }
        }
        // v1 stored every view; today's store leaves a winner's content in
        // the log only (v5): write those views back, as v1 had them.
        try db.execute("""
            UPDATE documents AS d SET view = (SELECT content FROM revisions r
                WHERE r.actor = \(Store.winnerActorSQL) AND r.counter = \(Store.winnerCounterSQL))
            WHERE view = ''
            """)
        // v1 kept the texts in the documents table too; today's store does
        // not write them (v6): fill them from the views, as v1 had them.
        try db.execute("""
            UPDATE documents SET summary = coalesce(json_extract(view, '$.summary'), ''),
                body = coalesce(json_extract(view, '$.body'), ''), abstract = coalesce(json_extract(view, '$.abstract'), ''),
                notes = coalesce(json_extract(view, '$.notes'), '')
            """)
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// StoreSchema.v6's `documents_text` view as a TEMP view, taken from the
    /// migration itself so that the fixture's writes read texts as a store does.
    static func temporaryDocumentsTextView() -> String {
        let v6 = StoreSchema.v6
        guard let start = v6.range(of: "CREATE VIEW documents_text"),
              let end = v6[start.lowerBound...].firstIndex(of: ";") else { preconditionFailure("v6 creates documents_text") }
        return String(v6[start.lowerBound...end]).replacingOccurrences(of: "CREATE VIEW", with: "CREATE TEMP VIEW")
    }
}
