import FoundationEssentials
import SQLite
import SyncCore

/// Read-only queries over the document views (list, show, search, stats).
extension Store {
    static let summaryColumns = "doc_id, kind, title, city, category, sort_date, tags, sibling_count, conflict_count"

    func summary(from row: Row) throws -> DocumentSummary {
        let id = try row.string(0)
        return try DocumentSummary(id: id, kind: DocumentKind(stored: row.string(1), of: "document \(id)"),
                        title: row.string(2), city: row.string(3), category: row.string(4), date: row.string(5),
                        tags: row.string(6).split(separator: "|").map(String.init),
                        siblingCount: Int(row.int(7)), conflictCount: Int(row.int(8)))
    }

    /// Documents matching `filter`, newest date first, then by id. The
    /// `documents_order` and `documents_kind_order` indexes give this order,
    /// so only the first `limit` matching entries are read.
    package func list(_ filter: ListFilter) throws -> [DocumentSummary] {
        var (sql, args) = Store.listQuery("SELECT \(Store.summaryColumns) FROM documents", filter)
        sql += " ORDER BY sort_date DESC, doc_id LIMIT ?"
        args.append(filter.limit)
        return try db.makeStatement(sql).rows(args).map(summary(from:))
    }

    /// How many documents match `filter`, ignoring its limit (for "20 of 100000 shown").
    package func count(_ filter: ListFilter) throws -> Int {
        if let kept = try keptCount(filter) { return kept }
        let (sql, args) = Store.listQuery("SELECT COUNT(*) FROM documents", filter)
        return Int(try db.makeStatement(sql).rows(args).first?.int(0) ?? 0)
    }

    /// `select` with the WHERE clause of `filter` and its arguments.
    static func listQuery(_ select: String, _ filter: ListFilter) -> (String, [any SQLiteBindable]) {
        var sql = select + " WHERE 1 = 1"
        var args: [any SQLiteBindable] = []
        if !filter.includeDeleted { sql += " AND deleted = 0" }
        if let k = filter.kind { sql += " AND kind = ?"; args.append(k.rawValue) }
        if let c = filter.category { sql += " AND category = ? COLLATE NOCASE"; args.append(c) }
        if let c = filter.city { sql += " AND city = ? COLLATE NOCASE"; args.append(c) }
        if let t = filter.tag { sql += " AND instr(tags, ?) > 0"; args.append("|\(t.lowercased())|") }
        if let s = filter.since { sql += " AND sort_date >= ? AND sort_date != ''"; args.append(s) }
        return (sql, args)
    }

    /// The document with `id`, or nil.
    package func document(_ id: String, now: UInt64) throws -> StoredDocument? {
        guard let row = try db.firstRow(
            "SELECT kind, deleted, clock, winner, created_seq, updated_seq FROM documents WHERE doc_id = ?", id),
              let state = try documentState(id) else { return nil }
        let view = try computeView(state, now: now)
        return try StoredDocument(id: id, kind: DocumentKind(stored: row.string(0), of: "document \(id)"), content: view.content,
                              deleted: row.bool(1), clock: state.clock, siblings: state.siblings,
                              winner: row.string(3), view: view, createdSeq: row.int(4), updatedSeq: row.int(5))
    }

    /// Full-text search over titles, summaries, bodies, abstracts and notes,
    /// best match first. Title matches weigh most.
    /// - Parameter text: words and "quoted phrases" to find (all of them); a trailing `*` matches a prefix;
    ///   FTS operators are taken literally.
    package func search(_ text: String, limit: Int = 20) throws -> [DocumentSummary] {
        let query = Store.ftsQuery(text)
        guard !query.isEmpty else { return [] }
        try flushSearchIndex()   // inside a write, its own changes are found too
        // Rank and cut to `limit` first, then build snippets and join the
        // rows for those few only: snippet() is the costly part, and every
        // match paid for it before. Deleted documents are not in the index.
        let sql = """
            SELECT d.doc_id, d.kind, d.title, d.city, d.category, d.sort_date, d.tags, d.sibling_count,
                   d.conflict_count, snippet(documents_fts, -1, '[', ']', '…', 16), top.rank
            FROM (SELECT rowid AS id, bm25(documents_fts, 10.0, 4.0, 1.0, 2.0, 1.0) AS rank
                  FROM documents_fts WHERE documents_fts MATCH ?1 ORDER BY rank, rowid LIMIT ?2) AS top
            JOIN documents_fts ON documents_fts.rowid = top.id
            JOIN documents d ON d.row_id = top.id
            WHERE documents_fts MATCH ?1 AND d.deleted = 0
            ORDER BY top.rank, d.doc_id
            """
        return try db.cachedStatement(sql).rows([query, limit]).map { row in
            var s = try summary(from: row)
            s.snippet = try row.string(9)
            s.score = -(try row.double(10))
            return s
        }
    }

    /// Turns free text into an FTS5 query: every term required; a term is a
    /// word or a "quoted phrase" (its words adjacent, in order), and a
    /// trailing `*` on either matches its last word as a prefix. Each term is
    /// quoted for FTS5, so punctuation and FTS operators (AND, NEAR, -, ^)
    /// are taken literally; an unclosed quote runs to the end of the text.
    static func ftsQuery(_ text: String) -> String {
        var terms: [String] = []
        var rest = Substring(text)
        // Each pass consumes at least one character, so text.count passes suffice.
        for _ in 0...text.count {
            guard let start = rest.firstIndex(where: { !$0.isWhitespace }) else { break }
            rest = rest[start...]
            var term: Substring
            if rest.first == "\"" {
                let body = rest.dropFirst()
                let close = body.firstIndex(of: "\"") ?? body.endIndex
                term = body[..<close]
                rest = close == body.endIndex ? body[close...] : body[body.index(after: close)...]
                if rest.first == "*" { term += "*"; rest = rest.dropFirst() }
            } else {
                let end = rest.firstIndex(where: { $0.isWhitespace }) ?? rest.endIndex
                term = rest[..<end]
                rest = rest[end...]
            }
            let prefix = term.hasSuffix("*")
            if prefix { term.removeLast() }
            guard term.contains(where: { $0.isLetter || $0.isNumber }) else { continue }
            terms.append("\"" + term.replacing("\"", with: "\"\"") + "\"" + (prefix ? "*" : ""))
        }
        return terms.joined(separator: " ")
    }

    /// Counts for `stats` and `status`, from the counts the store keeps
    /// (`Store+Counts`) and the small `documents_conflicted` index: the
    /// documents and revisions tables are not scanned.
    package func stats() throws -> StoreStats {
        try flushCounts()
        func count(_ sql: String) throws -> Int { Int(try db.firstRow(sql)?.int(0) ?? 0) }
        var cities: [String: Int] = [:]
        var articles = 0, talks = 0, deleted = 0
        for row in try db.rows("SELECT deleted, kind, city, n FROM document_counts WHERE n != 0") {
            let n = Int(try row.int(3))
            if try row.bool(0) { deleted += n; continue }
            switch try row.string(1) {
            case DocumentKind.article.rawValue: articles += n
            case DocumentKind.talk.rawValue: talks += n
            default: break
            }
            let city = try row.string(2)
            cities[city.isEmpty ? "(none)" : city, default: 0] += n
        }
        let size = FileManager.default.sizeOfItem(atPath: path) ?? 0
        let wal = FileManager.default.sizeOfItem(atPath: path + "-wal") ?? 0
        return StoreStats(
            articles: articles, talks: talks, deleted: deleted,
            revisions: try count("SELECT n FROM store_counts WHERE name = 'revisions'"),
            conflicts: try count("SELECT COUNT(*) FROM documents WHERE conflict_count > 0 OR delete_conflict = 1"),
            cities: cities, headSeq: try headSeq(), fileBytes: size + wal)
    }

    /// Ids of documents with concurrent siblings (possibly identical ones), sorted.
    package func conflictedDocumentIDs() throws -> [String] {
        try db.rows("SELECT doc_id FROM documents WHERE sibling_count > 1 ORDER BY doc_id").map { try $0.string(0) }
    }

    /// Every document id, sorted (for export).
    package func allDocumentIDs(includeDeleted: Bool) throws -> [String] {
        var ids: [String] = []
        try forEachDocumentID(includeDeleted: includeDeleted) { ids.append($0) }
        return ids
    }

    /// `allDocumentIDs` one at a time, for a caller that must not hold them
    /// all (an export). `body` may query the store meanwhile.
    package func forEachDocumentID(includeDeleted: Bool, _ body: (String) throws -> Void) throws {
        try db.makeStatement("SELECT doc_id FROM documents\(includeDeleted ? "" : " WHERE deleted = 0") ORDER BY doc_id")
            .forEachRow { try body($0.string(0)) }
    }
}
