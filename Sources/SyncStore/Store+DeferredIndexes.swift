import SQLite

extension Store {
    /// Runs `body` (a bulk write into a store that holds no documents) with
    /// the secondary indexes of the log and the documents table dropped,
    /// and builds them again afterwards, in the same write: inserting
    /// random document ids into three more B-trees row by row cost an
    /// import of 100,000 articles about 2 s, building them at the end
    /// 0.3 s. The UNIQUE constraints stay, so every check still holds; if
    /// `body` throws, the write rolls back and the indexes with it.
    ///
    /// `body` must not query by those indexes row by row (an import into
    /// an empty store does not: it reads no document back).
    package func withSecondaryIndexesDeferred<T>(in _: WriteScope, _ body: () throws -> T) throws -> T {
        let indexes = try db.rows("""
            SELECT name, sql FROM sqlite_schema
            WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN ('revisions', 'documents')
            ORDER BY name
            """).map { (name: try $0.string(0), sql: try $0.string(1)) }
        for index in indexes { try db.execute("DROP INDEX \(index.name)") }
        let result = try body()
        for index in indexes { try db.execute(index.sql) }
        return result
    }
}
