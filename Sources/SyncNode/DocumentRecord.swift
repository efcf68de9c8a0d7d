import SyncCore

/// One article or talk as import reads it and export writes it: `kind`,
/// an optional `id`, and the content fields in snake_case.
package struct DocumentRecord: Sendable, Equatable {
    package var id: String?
    package var kind: DocumentKind
    package var content: Content

    package init(id: String?, kind: DocumentKind, content: Content) {
        self.id = id
        self.kind = kind
        self.content = content
    }

    /// The JSON object: `id` (if any), `kind`, then the fields.
    package var json: JSONValue {
        var o: [String: JSONValue] = ["kind": .string(kind.rawValue)]
        if let id { o["id"] = .string(id) }
        for (k, v) in content.fields {
            switch v {
            case .text(let s): o[k] = .string(s)
            case .list(let l): o[k] = .array(l.map { .string($0) })
            }
        }
        return .object(o)
    }

    /// One JSON Lines line, `id` and `kind` first, other keys sorted.
    package var jsonLine: String { json.text(leadingKeys: ["id", "kind"]) }

    /// Reads a record from a JSON object.
    /// - Throws: `ValidationError` naming the field.
    package static func from(json: JSONValue) throws -> DocumentRecord {
        guard case .object(let o) = json else {
            throw ValidationError(field: "(record)", reason: "must be a JSON object with a \"kind\" field")
        }
        guard let kindText = o["kind"] else {
            throw ValidationError(field: "kind", reason: "is missing: use \"article\" or \"talk\"")
        }
        guard let k = kindText.string, let kind = DocumentKind(rawValue: k) else {
            throw ValidationError(field: "kind", reason: "must be \"article\" or \"talk\"")
        }
        var id: String?
        if let idValue = o["id"], idValue != .null {
            guard let s = idValue.string, DocumentID.isValid(s) else {
                throw ValidationError(field: "id", reason: "must look like node.suffix (e.g. birmingham.0f3k...), or be omitted to mint one")
            }
            id = s
        }
        var content = Content()
        for (key, value) in o where key != "kind" && key != "id" {
            guard DocumentSchema.spec(key, for: kind) != nil else {
                let known = DocumentSchema.fields(for: kind).map(\.name).joined(separator: ", ")
                throw ValidationError(field: key, reason: "is not a field of \(kind.withArticle) (fields: \(known))")
            }
            switch value {
            case .null: continue
            case .string(let s): content[key] = .text(s)
            case .array(let a):
                guard a.allSatisfy({ $0.string != nil }) else {
                    throw ValidationError(field: key, reason: "must be a list of strings")
                }
                content[key] = .list(a.compactMap(\.string))
            default:
                throw ValidationError(field: key, reason: "must be a string\(key == "tags" ? " list" : "")")
            }
        }
        try DocumentSchema.validate(content, kind: kind)
        return DocumentRecord(id: id, kind: kind, content: content)
    }
}
