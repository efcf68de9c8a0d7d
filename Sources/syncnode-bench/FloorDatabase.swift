import SQLite

/// The shared floors' database, as ../shared/bench/floor_insert.c makes
/// it: one table and an external-content FTS5 index on title, summary and
/// body, WAL with synchronous=NORMAL, prepared statements only. Every floor
/// of `store`, `merge` and `sync` writes through this, so that none of them
/// can do more than the C one: no schema of the project's, no lookups but
/// the upsert's own select by id, no Swift-side state.
final class FloorDatabase {
    /// compare.sh's search floor (run there by the sqlite3 CLI), with the
    /// match expression bound instead of spliced in.
    static let searchSQL = """
        SELECT a.id, a.title, snippet(articles_fts, 2, '[', ']', '...', 12) FROM articles_fts \
        JOIN articles a ON a.rid = articles_fts.rowid WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT 20
        """

    let db: Connection
    private let insertRow: Statement
    private let insertText: Statement
    private let selectOld: Statement
    private let updateRow: Statement
    private let deleteText: Statement

    /// Opens (or creates) the database at `path` as floor_insert's open_db does.
    init(path: String) throws {
        db = try Connection(path: path, mode: .create)
        try db.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        try db.execute("""
            CREATE TABLE IF NOT EXISTS articles(rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, title TEXT NOT NULL, \
            summary TEXT NOT NULL, body TEXT NOT NULL, category TEXT, tags TEXT, city TEXT, date TEXT, url TEXT)
            """)
        try db.execute("""
            CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(title, summary, body, content='articles', \
            content_rowid='rid')
            """)
        insertRow = try db.makeStatement(
            "INSERT INTO articles(id,title,summary,body,category,tags,city,date,url) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9)")
        insertText = try db.makeStatement("INSERT INTO articles_fts(rowid,title,summary,body) VALUES(?1,?2,?3,?4)")
        // The C floor prepares these three only with --upsert: microseconds, so always here.
        selectOld = try db.makeStatement("SELECT rid,title,summary,body FROM articles WHERE id=?1")
        updateRow = try db.makeStatement(
            "UPDATE articles SET title=?2,summary=?3,body=?4,category=?5,tags=?6,city=?7,date=?8,url=?9 WHERE rid=?1")
        deleteText = try db.makeStatement(
            "INSERT INTO articles_fts(articles_fts,rowid,title,summary,body) VALUES('delete',?1,?2,?3,?4)")
    }

    /// Writes `articles` in one transaction into the database at `path`,
    /// then closes it (SQLite checkpoints the WAL as the last connection
    /// closes): floor_insert's whole run, from open_db to sqlite3_close.
    static func write(_ articles: [FloorArticle], to path: String, upsert: Bool) throws {
        let floor = try FloorDatabase(path: path)
        try floor.db.inTransaction {
            for a in articles { try floor.write(a, upsert: upsert) }
        }
    }

    /// floor_insert's insert_rec: the row, then its full-text entry. With
    /// `upsert`, a row found by id first has its old entry deleted (the FTS5
    /// 'delete' command with the old texts) and is updated in place.
    func write(_ a: FloorArticle, upsert: Bool) throws {
        if upsert, let old = try selectOld.rows([a.id]).first {
            let rid = try old.int(0)
            try deleteText.execute([rid, old[1], old[2], old[3]])
            try updateRow.execute([rid, a.title, a.summary, a.body, a.category, a.tags, a.city, a.date, a.url])
            try insertText.execute([rid, a.title, a.summary, a.body])
            return
        }
        try insertRow.execute([a.id, a.title, a.summary, a.body, a.category, a.tags, a.city, a.date, a.url])
        try insertText.execute([db.lastInsertedRowID, a.title, a.summary, a.body])
    }
}
