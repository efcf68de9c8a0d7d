import SQLite
import SyncCore

/// The one query an import runs to match its records against the store.
extension Store {
    /// Calls `body` with every document (deleted ones too, so that an
    /// explicit id is known to exist), in id order, from one pass over the
    /// view table: an import of 100,000 records builds its lookup maps from
    /// this instead of asking about each record, and nothing is decoded.
    package func forEachImportCandidate(_ body: (ImportCandidate) throws -> Void) throws {
        // An empty view is the winner's content (StoreSchema.v5): joined from
        // the log by the winner's dot, "actor:counter" (the counter is the
        // digits after the last colon).
        let sql = """
            SELECT doc_id, kind, deleted, sibling_count, content, coalesce(json_extract(content, '$.source_url'), '')
            FROM (SELECT d.doc_id, d.kind, d.deleted, d.sibling_count,
                         CASE WHEN d.view = '' THEN r.content ELSE d.view END AS content
                  FROM documents d
                  LEFT JOIN revisions r
                    ON d.view = '' AND r.actor = \(Store.winnerActorSQL) AND r.counter = \(Store.winnerCounterSQL))
            ORDER BY doc_id
            """
        try db.makeStatement(sql).forEachRow { row in
            let id = try row.string(0)
            let kind = try DocumentKind(stored: row.string(1), of: "document \(id)")
            try body(ImportCandidate(id: id, kind: kind, deleted: row.bool(2), siblingCount: Int(row.int(3)),
                                     sourceURL: row.string(5), contentJSON: row.string(4)))
        }
    }

    /// True when the store holds any document, deleted ones included (the
    /// ones import matching considers).
    package func holdsDocuments() throws -> Bool {
        try db.firstRow("SELECT EXISTS (SELECT 1 FROM documents)")?.bool(0) ?? false
    }

    /// The actor and the counter of `d.winner` ("actor:counter") in SQL.
    static let winnerActorSQL = "substr(rtrim(d.winner, '0123456789'), 1, length(rtrim(d.winner, '0123456789')) - 1)"
    static let winnerCounterSQL = "CAST(substr(d.winner, length(rtrim(d.winner, '0123456789')) + 1) AS INTEGER)"

    /// Content in the form the view table keeps it (sorted keys, one
    /// encoder for every write), so that equal texts mean equal contents.
    package static func contentJSON(of content: Content) -> String {
        ContentJSON.encode(content)
    }
}
