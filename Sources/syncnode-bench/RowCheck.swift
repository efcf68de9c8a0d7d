import Foundation
import SQLite

/// Checks that the floor wrote the same rows as the real path: compares the
/// documents and revisions rows of sample documents in two stores, column
/// by column (leaving out what legitimately differs: seq numbers, signatures,
/// clocks of the hybrid timestamp, arrival times).
enum RowCheck {
    static let documentColumns = """
        kind, title, category, city, tags, sort_date, deleted, view, clock, heads,
        sibling_count, conflict_count, delete_conflict, winner
        """
    static let revisionColumns = "doc_id, kind, actor, counter, context, author, tombstone, content, origin"
    /// The texts the full-text index holds, read back from the log (StoreSchema.v6).
    static let searchTextColumns = "t.title, t.summary, t.body, t.abstract, t.notes"

    /// Nil when the rows agree, else the first difference.
    static func firstDifference(_ a: Connection, _ b: Connection, ids: [String]) throws -> String? {
        let checks = [
            ("documents", documentColumns, "SELECT \(documentColumns) FROM documents WHERE doc_id = ? ORDER BY row_id"),
            ("revisions", revisionColumns, "SELECT \(revisionColumns) FROM revisions WHERE doc_id = ? ORDER BY seq"),
            ("documents_text", searchTextColumns,
             "SELECT \(searchTextColumns) FROM documents d JOIN documents_text t ON t.row_id = d.row_id WHERE d.doc_id = ?"),
        ]
        for id in ids {
            for (table, columns, sql) in checks {
                let ra = try a.rows(sql, id), rb = try b.rows(sql, id)
                guard ra.count == rb.count else { return "\(table) of \(id): \(ra.count) rows vs \(rb.count)" }
                let names = columns.split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
                for (x, y) in zip(ra, rb) {
                    for (i, name) in names.enumerated() where x[i] != y[i] {
                        return "\(table).\(name) of \(id): \(String(describing: x[i]).prefix(120)) vs \(String(describing: y[i]).prefix(120))"
                    }
                }
            }
        }
        return nil
    }
}
