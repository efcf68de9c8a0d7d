import SQLite
import SyncCore

/// The one query an import runs to match its records against the store.
extension Store {
    /// Calls `body` with every document (deleted ones too, so that an
    /// explicit id is known to exist), in id order, from one pass over the
    /// view table: an import of 100,000 records builds its lookup maps from
    /// this instead of asking about each record.
    public func forEachImportCandidate(_ body: (ImportCandidate) throws -> Void) throws {
        let sql = "SELECT doc_id, kind, deleted, sibling_count, view FROM documents ORDER BY doc_id"
        try db.makeStatement(sql).forEachRow { row in
            let deleted = row.int(2) != 0
            let id = row.string(0)
            guard let kind = DocumentKind(rawValue: row.string(1)) else {
                throw StoreError.corrupt("document \(id) has kind '\(row.string(1))', neither article nor talk")
            }
            try body(ImportCandidate(id: id, kind: kind, deleted: deleted, siblingCount: Int(row.int(3)),
                                     content: deleted ? Content() : try ContentJSON.decode(row.string(4))))
        }
    }
}
