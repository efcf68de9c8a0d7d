import SQLite

/// The store's schema as append-only migrations. Never edit a shipped
/// migration: add a new one, so that every older store file still opens.
enum StoreSchema {
    static let migrator = Migrator([
        Migration("v1-node-documents-revisions", sql: v1),
        Migration("v2-peer-sync-state", sql: v2),
        Migration("v3-fts-written-by-the-store", sql: v3),
        Migration("v4-rejected-revisions", sql: v4),
        Migration("v5-list-order-and-count-indexes", sql: v5),
        Migration("v6-text-once", sql: v6),
    ])

    /// v1: node metadata, the change log of signed revisions, and the
    /// derived document views with their full-text index.
    static let v1 = """
        CREATE TABLE node_meta (
            key TEXT NOT NULL PRIMARY KEY,
            value TEXT NOT NULL
        );

        -- The change log: every revision this node holds, local or received,
        -- in arrival order. seq is strictly increasing and never reused.
        CREATE TABLE revisions (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('article', 'talk')),
            actor TEXT NOT NULL,
            counter INTEGER NOT NULL CHECK (counter > 0),
            context TEXT NOT NULL,
            author TEXT NOT NULL,
            hlc_millis INTEGER NOT NULL,
            hlc_logical INTEGER NOT NULL,
            tombstone INTEGER NOT NULL CHECK (tombstone IN (0, 1)),
            content TEXT NOT NULL,
            signature BLOB NOT NULL,
            origin TEXT,
            received_at INTEGER NOT NULL,
            UNIQUE (actor, counter)
        );
        CREATE INDEX revisions_doc ON revisions (doc_id, seq);

        -- The derived view of each document: what list, show and search read.
        CREATE TABLE documents (
            row_id INTEGER PRIMARY KEY,
            doc_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            summary TEXT NOT NULL DEFAULT '',
            body TEXT NOT NULL DEFAULT '',
            abstract TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            category TEXT NOT NULL DEFAULT '',
            city TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            sort_date TEXT NOT NULL DEFAULT '',
            deleted INTEGER NOT NULL DEFAULT 0,
            view TEXT NOT NULL,
            clock TEXT NOT NULL,
            heads TEXT NOT NULL,
            sibling_count INTEGER NOT NULL DEFAULT 1,
            conflict_count INTEGER NOT NULL DEFAULT 0,
            delete_conflict INTEGER NOT NULL DEFAULT 0,
            winner TEXT NOT NULL,
            created_seq INTEGER NOT NULL,
            updated_seq INTEGER NOT NULL
        );
        CREATE INDEX documents_list ON documents (kind, deleted, sort_date);
        CREATE INDEX documents_conflicts ON documents (sibling_count) WHERE sibling_count > 1;

        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, summary, body, abstract, notes,
            content = 'documents', content_rowid = 'row_id',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents WHEN new.deleted = 0 BEGIN
            INSERT INTO documents_fts (rowid, title, summary, body, abstract, notes)
            VALUES (new.row_id, new.title, new.summary, new.body, new.abstract, new.notes);
        END;
        CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents WHEN old.deleted = 0 BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, title, summary, body, abstract, notes)
            VALUES ('delete', old.row_id, old.title, old.summary, old.body, old.abstract, old.notes);
        END;
        CREATE TRIGGER documents_fts_update AFTER UPDATE OF title, summary, body, abstract, notes, deleted ON documents BEGIN
            INSERT INTO documents_fts (documents_fts, rowid, title, summary, body, abstract, notes)
            SELECT 'delete', old.row_id, old.title, old.summary, old.body, old.abstract, old.notes WHERE old.deleted = 0;
            INSERT INTO documents_fts (rowid, title, summary, body, abstract, notes)
            SELECT new.row_id, new.title, new.summary, new.body, new.abstract, new.notes WHERE new.deleted = 0;
        END;
        """

    /// v2: per-peer sync progress (pull checkpoint, push acknowledgement,
    /// back-off) and the record of federation runs.
    static let v2 = """
        CREATE TABLE peer_state (
            peer TEXT NOT NULL PRIMARY KEY,
            pulled_seq INTEGER NOT NULL DEFAULT 0,
            pushed_seq INTEGER NOT NULL DEFAULT 0,
            last_success INTEGER,
            last_error TEXT,
            last_error_at INTEGER,
            failures INTEGER NOT NULL DEFAULT 0,
            next_attempt INTEGER,
            peer_head_seq INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE runs (
            run_id INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            finished_at INTEGER,
            outcome TEXT NOT NULL DEFAULT 'running',
            report TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE applied_changesets (
            changeset_id TEXT NOT NULL PRIMARY KEY,
            origin TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            response TEXT NOT NULL
        );
        """

    /// v3: the store writes the full-text index itself (`Store.saveView`).
    /// With triggers, SQLite 3.40's FTS5 flushed its pending index at every
    /// statement savepoint the trigger opened: one index segment per row,
    /// which made bulk imports and pulls about 1.4 to 2 times slower. The
    /// index content is unchanged.
    static let v3 = """
        DROP TRIGGER documents_fts_insert;
        DROP TRIGGER documents_fts_delete;
        DROP TRIGGER documents_fts_update;
        """

    /// v4: revisions that were correctly signed but could not be accepted
    /// (ownership, schema, kind, reused counter). They are recorded here
    /// instead of blocking the link: the rest of the page is applied and the
    /// checkpoint moves (docs/protocol.md, "Rejected revisions"). One row per
    /// revision (actor, counter, signature), however often it is received;
    /// the whole signed revision is kept, so that one refused for its kind
    /// can be admitted when the document's creation settles the kind.
    static let v4 = """
        CREATE TABLE rejected_revisions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            doc_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            actor TEXT NOT NULL,
            counter INTEGER NOT NULL,
            author TEXT NOT NULL,
            peer TEXT NOT NULL,
            code TEXT NOT NULL,
            reason TEXT NOT NULL,
            context TEXT NOT NULL,
            hlc_millis INTEGER NOT NULL,
            hlc_logical INTEGER NOT NULL,
            tombstone INTEGER NOT NULL,
            content TEXT NOT NULL,
            signature BLOB NOT NULL,
            first_seen INTEGER NOT NULL,
            last_seen INTEGER NOT NULL,
            times INTEGER NOT NULL DEFAULT 1,
            UNIQUE (actor, counter, signature)
        );
        """

    /// v5: indexes that give `list` its order (newest date first, then id),
    /// so that `list --limit 20` reads 20 index entries instead of scanning
    /// and sorting every document (`documents_list` is superseded by
    /// `documents_kind_order`); and counts kept by the store as it writes
    /// (`Store.countDocument`, `Store.countRevisions`), so that `stats`,
    /// `status` and list's "N of M shown" need not scan 100,000 rows. They
    /// are filled here from the rows an older store already holds.
    ///
    /// Also from v5 (no SQL needed): `documents.view` is '' when the view is
    /// its winner revision's content, which the log already holds, so that
    /// each text is stored once less; rows written before keep their view.
    /// Readers take the winner's `revisions.content` then
    /// (`Store.forEachImportCandidate`).
    static let v5 = """
        DROP INDEX documents_list;
        CREATE INDEX documents_order ON documents (deleted, sort_date DESC, doc_id);
        CREATE INDEX documents_kind_order ON documents (kind, deleted, sort_date DESC, doc_id);
        CREATE INDEX documents_conflicted ON documents (doc_id) WHERE conflict_count > 0 OR delete_conflict = 1;
        CREATE TABLE document_counts (
            deleted INTEGER NOT NULL,
            kind TEXT NOT NULL,
            city TEXT NOT NULL,
            n INTEGER NOT NULL,
            PRIMARY KEY (deleted, kind, city)
        ) WITHOUT ROWID;
        INSERT INTO document_counts (deleted, kind, city, n)
            SELECT deleted, kind, city, COUNT(*) FROM documents GROUP BY deleted, kind, city;
        CREATE TABLE store_counts (
            name TEXT NOT NULL PRIMARY KEY,
            n INTEGER NOT NULL
        ) WITHOUT ROWID;
        INSERT INTO store_counts (name, n) SELECT 'revisions', COUNT(*) FROM revisions;
        """

    /// v6: each text is stored once, in the log. The documents table keeps
    /// only what `list` shows and filters on (title, category, city, tags,
    /// date); the searchable texts are read through the `documents_text`
    /// view from the document's stored merged view or, when the view is its
    /// winner revision's content (`documents.view = ''`), from that
    /// revision's content. The full-text index becomes an external-content
    /// index on that view, rebuilt here from it: only live documents appear
    /// in the view, so only they are indexed. The store removes a
    /// document's index entry with the texts it read back through the view
    /// before the revisions they come from may leave the log
    /// (`Store.searchEntry`).
    static let v6 = """
        DROP TABLE documents_fts;
        ALTER TABLE documents DROP COLUMN summary;
        ALTER TABLE documents DROP COLUMN body;
        ALTER TABLE documents DROP COLUMN abstract;
        ALTER TABLE documents DROP COLUMN notes;
        CREATE VIEW documents_text AS
            SELECT row_id,
                   json_extract(text, '$.title') AS title, json_extract(text, '$.summary') AS summary,
                   json_extract(text, '$.body') AS body, json_extract(text, '$.abstract') AS abstract,
                   json_extract(text, '$.notes') AS notes
            FROM (SELECT d.row_id AS row_id,
                         CASE WHEN d.view = '' THEN
                             (SELECT r.content FROM revisions r
                              WHERE r.actor = substr(rtrim(d.winner, '0123456789'), 1, length(rtrim(d.winner, '0123456789')) - 1)
                                AND r.counter = CAST(substr(d.winner, length(rtrim(d.winner, '0123456789')) + 1) AS INTEGER))
                         ELSE d.view END AS text
                  FROM documents d WHERE d.deleted = 0);
        CREATE VIRTUAL TABLE documents_fts USING fts5(
            title, summary, body, abstract, notes,
            content = 'documents_text', content_rowid = 'row_id',
            tokenize = 'unicode61 remove_diacritics 2'
        );
        INSERT INTO documents_fts (documents_fts) VALUES ('rebuild');
        """
}
