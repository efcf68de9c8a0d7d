/// One named, append-only schema step. Once shipped, a migration is never
/// edited: later changes are new migrations.
package struct Migration: Sendable {
    package let identifier: String
    package let sql: String

    package init(_ identifier: String, sql: String) {
        self.identifier = identifier
        self.sql = sql
    }
}
