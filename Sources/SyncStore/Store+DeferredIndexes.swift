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
        let indexes = try indexDefinitions("tbl_name IN ('revisions', 'documents')")
        for index in indexes { try db.execute("DROP INDEX \(index.name)") }
        let result = try body()
        // Each CREATE INDEX sorts every row of its table.
        try withSortMemory {
            for index in indexes { try db.execute(index.sql) }
        }
        return result
    }
}

extension Store {
    /// The indexes that only order listings (`list`, the web view). Kept
    /// row by row during a first pull, they cost it about 0.7 s in 12 at
    /// 100,000 articles: random sort dates into two more B-trees, rewritten
    /// at every commit of the catch-up.
    static let listingIndexNames = ["documents_order", "documents_kind_order"]
    /// node_meta key holding the SQL of indexes dropped by `deferListingIndexes`.
    static let deferredIndexesKey = "deferred_indexes"

    /// Drops the listing indexes for a long catch-up spread over many
    /// writes (a first pull), in `scope`'s write, recording their SQL in
    /// node_meta in the same write: if the process dies before
    /// `restoreDeferredIndexes`, the next read-write open builds them
    /// (`open`). Listings stay right meanwhile, only slower.
    package func deferListingIndexes(in _: WriteScope) throws {
        let indexes = try indexDefinitions("name IN (" + Store.listingIndexNames.map { "'\($0)'" }.joined(separator: ", ") + ")")
        guard !indexes.isEmpty else { return }
        try write { _ in   // a savepoint: all of it or nothing
            let recorded = try meta(Store.deferredIndexesKey).map { [$0] } ?? []
            try setMeta(Store.deferredIndexesKey, (recorded + indexes.map(\.sql)).joined(separator: ";\n"))
            for index in indexes { try db.execute("DROP INDEX \(index.name)") }
        }
    }

    /// Builds again, in a write of its own, the indexes that
    /// `deferListingIndexes` dropped (none: nothing to do).
    package func restoreDeferredIndexes() throws {
        // A store too old to have node_meta has nothing deferred (its migrations run next).
        guard try db.firstRow("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'node_meta'") != nil,
              try meta(Store.deferredIndexesKey) != nil else { return }
        try write { _ in
            guard let sql = try meta(Store.deferredIndexesKey) else { return }
            // IF NOT EXISTS: an index built meanwhile (by hand, or by a
            // migration of a later version) is kept as it is.
            for statement in sql.split(separator: ";\n") {
                try db.execute(Store.ifNotExists(String(statement)))
            }
            try removeMeta(Store.deferredIndexesKey)
        }
    }

    /// `CREATE [UNIQUE] INDEX name ...` as `CREATE [UNIQUE] INDEX IF NOT EXISTS name ...`.
    static func ifNotExists(_ createIndex: String) -> String {
        for prefix in ["CREATE INDEX ", "CREATE UNIQUE INDEX "] where createIndex.hasPrefix(prefix)
            && !createIndex.dropFirst(prefix.count).hasPrefix("IF NOT EXISTS") {
            return prefix + "IF NOT EXISTS " + createIndex.dropFirst(prefix.count)
        }
        return createIndex
    }
}

extension Store {
    /// The indexes the schema declares (not those behind UNIQUE and PRIMARY
    /// KEY constraints, which have no SQL) that match `condition` on
    /// `sqlite_schema`, with the SQL that builds each, by name.
    func indexDefinitions(_ condition: String) throws -> [(name: String, sql: String)] {
        try db.rows("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL AND \(condition) ORDER BY name")
            .map { (name: try $0.string(0), sql: try $0.string(1)) }
    }
}
