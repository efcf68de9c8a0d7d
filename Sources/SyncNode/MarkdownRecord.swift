import SyncCore

/// Markdown with front matter: `key: value` lines between `---` fences,
/// values optionally double-quoted, lists as `[a, b]`. The text after the
/// front matter is the article's `body` or the talk's `notes`.
enum MarkdownRecord {
    static func parse(_ text: String, file: String) throws -> (DocumentRecord, Int) {
        let lines = RecordReader.lines(text).map {
            $0.hasSuffix("\r") ? String($0.dropLast()) : String($0)
        }
        guard lines.first?.trimmingWhitespace() == "---" else {
            throw ImportError(file: file, line: 1, field: nil, reason: "a Markdown record starts with a '---' front matter line")
        }
        guard let end = lines.dropFirst().firstIndex(where: { $0.trimmingWhitespace() == "---" }) else {
            throw ImportError(file: file, line: lines.count, field: nil, reason: "the front matter has no closing '---' line")
        }
        var fields: [String: JSONValue] = [:]
        var fieldLines: [String: Int] = [:]
        for n in 1..<end {
            let line = lines[n]
            if line.trimmingWhitespace().isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw ImportError(file: file, line: n + 1, field: nil, reason: "expected 'key: value' in the front matter")
            }
            let key = line[..<colon].trimmingWhitespace()
            let raw = line[line.index(after: colon)...].trimmingWhitespace()
            if fields[key] != nil {
                throw ImportError(file: file, line: n + 1, field: key, reason: "appears twice in the front matter")
            }
            fields[key] = try value(raw, file: file, line: n + 1, key: key)
            fieldLines[key] = n + 1
        }
        let body = lines[(end + 1)...].joined(separator: "\n").trimmingWhitespace()
        let kind = fields["kind"]?.string
        if !body.isEmpty {
            let bodyField = kind == DocumentKind.talk.rawValue ? "notes" : "body"
            if fields[bodyField] != nil {
                throw ImportError(file: file, line: fieldLines[bodyField] ?? 1, field: bodyField,
                                  reason: "is set both in the front matter and as the Markdown text")
            }
            fields[bodyField] = .string(body)
        }
        if let field = RecordReader.fieldWithNUL(.object(fields)) {
            throw RecordReader.nulError(file: file, line: fieldLines[field] ?? end + 2, field: field)
        }
        do {
            return (try DocumentRecord.from(json: .object(fields)), 1)
        } catch let e as ValidationError {
            throw ImportError(file: file, line: fieldLines[e.field] ?? (e.field == "body" || e.field == "notes" ? end + 2 : 1),
                              field: e.field, reason: e.reason)
        }
    }

    static func value(_ raw: String, file: String, line: Int, key: String) throws -> JSONValue {
        if raw.hasPrefix("[") {
            guard raw.hasSuffix("]") else {
                throw ImportError(file: file, line: line, field: key, reason: "a list must be written [a, b]")
            }
            let inner = raw.dropFirst().dropLast()
            let items = inner.split(separator: ",").map { unquote($0.trimmingWhitespace()) }
            return .array(items.filter { !$0.isEmpty }.map { .string($0) })
        }
        return .string(unquote(raw))
    }

    static func unquote(_ s: String) -> String {
        if s.count >= 2, (s.hasPrefix("\"") && s.hasSuffix("\"")) || (s.hasPrefix("'") && s.hasSuffix("'")) {
            return String(s.dropFirst().dropLast())
        }
        return s
    }
}
