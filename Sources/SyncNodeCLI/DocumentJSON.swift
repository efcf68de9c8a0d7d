import SyncCore
import SyncNode

/// JSON shapes of `--json` output (a contract for scripts: add fields, never rename).
enum DocumentJSON {
    static func value(_ v: FieldValue?) -> JSONValue {
        switch v {
        case .text(let s)?: return .string(s)
        case .list(let l)?: return .array(l.map { .string($0) })
        case nil: return .null
        }
    }

    /// `list` and `search` rows. Their `siblings` and `conflicts` are counts,
    /// where `show` and `conflicts` print arrays under those names:
    /// `sibling_count` and `conflict_count` say the same unambiguously (docs/cli.md).
    static func summary(_ s: DocumentSummary) -> JSONValue {
        var o: [String: JSONValue] = [
            "id": .string(s.id), "kind": .string(s.kind.rawValue), "title": .string(s.title),
            "city": .string(s.city), "category": .string(s.category), "date": .string(s.date),
            "tags": .array(s.tags.map { .string($0) }), "siblings": .double(Double(s.siblingCount)),
            "conflicts": .double(Double(s.conflictCount)),
            "sibling_count": .double(Double(s.siblingCount)), "conflict_count": .double(Double(s.conflictCount)),
        ]
        if let snippet = s.snippet { o["snippet"] = .string(snippet) }
        if let score = s.score { o["score"] = .double(score) }
        return .object(o)
    }

    /// Every field of the kind (empty ones as "" or []), plus the document's state.
    static func document(_ d: StoredDocument) -> JSONValue {
        var o: [String: JSONValue] = [:]
        for spec in DocumentSchema.fields(for: d.kind) {
            o[spec.name] = d.content[spec.name].map { value($0) } ?? (spec.format == .labels ? .array([]) : .string(""))
        }
        o["id"] = .string(d.id)
        o["kind"] = .string(d.kind.rawValue)
        o["deleted"] = .bool(d.deleted)
        o["revision"] = .string(d.winner)
        o["siblings"] = .array(d.siblings.map { .string($0.revisionID) })
        o["clock"] = clock(d.clock)
        o["conflicts"] = .array(d.view.conflicts.map(conflict))
        o["delete_conflict"] = .bool(d.view.deleteConflict)
        o["skewed"] = .array(d.view.skewed.map { .string($0.description) })
        o["base"] = d.view.mergeBase.map { .string($0.id) } ?? .null
        return .object(o)
    }

    static func clock(_ v: VersionVector) -> JSONValue {
        .object(Dictionary(uniqueKeysWithValues: v.entries.map { ($0.key, JSONValue.double(Double($0.value))) }))
    }

    static func conflict(_ c: FieldConflict) -> JSONValue {
        .object([
            "field": .string(c.field), "base": value(c.base),
            "values": .array(c.values.map {
                .object(["revision": .string($0.revisionID), "value": value($0.value), "tombstone": .bool($0.tombstone)])
            }),
        ])
    }

    static func revision(_ r: Revision, seq: Int64? = nil, origin: String? = nil) -> JSONValue {
        var content: [String: JSONValue] = [:]
        for (k, v) in r.content.fields { content[k] = value(v) }
        var o: [String: JSONValue] = [
            "revision": .string(r.revisionID), "author": .string(r.author), "tombstone": .bool(r.tombstone),
            "context": clock(r.context), "hlc_millis": .double(Double(r.timestamp.millis)),
            "hlc_logical": .double(Double(r.timestamp.logical)), "content": .object(content),
        ]
        if let seq { o["seq"] = .double(Double(seq)) }
        o["origin"] = origin.map { .string($0) } ?? .null
        return .object(o)
    }

    /// Text of a field value for tables and plain output.
    static func text(_ v: FieldValue?) -> String {
        switch v {
        case .text(let s)?: return s
        case .list(let l)?: return l.joined(separator: ", ")
        case nil: return ""
        }
    }
}
