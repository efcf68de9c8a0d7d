/// One named, append-only schema step. Once shipped, a migration is never
/// edited: later changes are new migrations.
public struct Migration: Sendable {
    public let identifier: String
    public let sql: String

    public init(_ identifier: String, sql: String) {
        self.identifier = identifier
        self.sql = sql
    }
}
