import Foundation
import SQLite

/// Checks that the floor wrote the same rows as the real path: compares the
/// documents and revisions rows of sample documents in two stores, column
/// by column (leaving out what legitimately differs: seq numbers, signatures,
/// clocks of the hybrid timestamp, arrival times).
enum RowCheck {
    static let documentColumns = """
        kind, title, summary, body, abstract, notes, category, city, tags, sort_date, deleted, view, clock, heads,
        sibling_count, conflict_count, delete_conflict, winner
        """
    static let revisionColumns = "doc_id, kind, actor, counter, context, author, tombstone, content, origin"

    /// Nil when the rows agree, else the first difference.
    static func firstDifference(_ a: Connection, _ b: Connection, ids: [String]) throws -> String? {
        for id in ids {
            for (table, columns, order) in [("documents", documentColumns, "row_id"), ("revisions", revisionColumns, "seq")] {
                let sql = "SELECT \(columns) FROM \(table) WHERE doc_id = ? ORDER BY \(order)"
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
