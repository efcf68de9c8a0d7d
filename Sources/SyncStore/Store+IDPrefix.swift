import SQLite

extension Store {
    /// Document ids that `text` abbreviates: ids starting with it, or whose
    /// random part (after the node name and '.') starts with it, as git
    /// takes a commit prefix. At most `limit`, sorted.
    package func documentIDs(abbreviatedBy text: String, limit: Int = 10) throws -> [String] {
        var escaped = ""
        for c in text {
            if c == "%" || c == "_" || c == "\\" { escaped.append("\\") }
            escaped.append(c)
        }
        return try db.rows("""
            SELECT doc_id FROM documents WHERE doc_id LIKE ? ESCAPE '\\' OR doc_id LIKE ? ESCAPE '\\'
            ORDER BY doc_id LIMIT ?
            """, escaped + "%", "%." + escaped + "%", limit).map { try $0.string(0) }
    }
}
