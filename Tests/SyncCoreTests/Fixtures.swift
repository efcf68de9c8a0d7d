@testable import SyncCore

/// Short builders for hand-written revisions.
enum Fx {
    static func content(_ fields: [String: FieldValue]) -> Content { Content(fields) }

    static func article(title: String? = nil, summary: String? = nil, category: String? = nil,
                        tags: [String]? = nil, body: String? = nil) -> Content {
        var c = Content()
        c["title"] = title.map(FieldValue.text)
        c["summary"] = summary.map(FieldValue.text)
        c["category"] = category.map(FieldValue.text)
        c["tags"] = tags.map(FieldValue.list)
        c["body"] = body.map(FieldValue.text)
        return c
    }

    static func rev(_ id: String, context: [String: UInt64] = [:], millis: UInt64 = 1_000, logical: UInt32 = 0,
                    tombstone: Bool = false, doc: String = "doc-1", kind: DocumentKind = .article,
                    _ content: Content = Content()) -> Revision {
        let dot = Dot(id)!
        return Revision(documentID: doc, kind: kind, dot: dot, context: VersionVector(context),
                        author: ActorEpoch.parse(dot.actor).node, timestamp: HybridTimestamp(millis: millis, logical: logical),
                        tombstone: tombstone, content: tombstone ? Content() : content)
    }

    /// Every ordering of `items` (for the small sets used in tests).
    static func permutations<T>(_ items: [T]) -> [[T]] {
        guard items.count > 1 else { return [items] }
        var out: [[T]] = []
        for i in items.indices {
            var rest = items
            let head = rest.remove(at: i)
            for p in permutations(rest) { out.append([head] + p) }
        }
        return out
    }
}
