/// Applies `Migration`s in order, each in its own transaction, recording the
/// applied ones in `schema_migrations`. A store written by an older version
/// is brought up to date when a newer one opens it.
package struct Migrator: Sendable {
    package let migrations: [Migration]

    package init(_ migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Identifiers already applied to `db`, in order.
    package func appliedIdentifiers(_ db: Connection) throws -> [String] {
        let exists = try db.firstRow(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'") != nil
        guard exists else { return [] }
        return try db.rows("SELECT identifier FROM schema_migrations ORDER BY rowid").map { try $0.string(0) }
    }

    /// Migrations recorded in `db` that this version does not know: the file
    /// was written by a newer version.
    package func unknownMigrations(_ db: Connection) throws -> [String] {
        let known = Set(migrations.map(\.identifier))
        return try appliedIdentifiers(db).filter { !known.contains($0) }
    }

    /// Migrations this version has that `db` has not had yet.
    package func pendingMigrations(_ db: Connection) throws -> [String] {
        let done = Set(try appliedIdentifiers(db))
        return migrations.map(\.identifier).filter { !done.contains($0) }
    }

    /// Applies every migration not yet applied.
    /// - Returns: the identifiers applied now.
    @discardableResult
    package func migrate(_ db: Connection) throws -> [String] {
        try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
        let done = Set(try appliedIdentifiers(db))
        var applied: [String] = []
        for m in migrations where !done.contains(m.identifier) {
            try db.inTransaction {
                try db.execute(m.sql)
                try db.run("INSERT INTO schema_migrations (identifier) VALUES (?)", m.identifier)
            }
            applied.append(m.identifier)
        }
        return applied
    }
}
