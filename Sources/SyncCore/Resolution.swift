/// How a person resolves a document's conflict. The result is written as a
/// new revision that supersedes every sibling. Two nodes that make the same
/// choice on the same siblings produce identical content, so their two
/// resolutions count as one version: no new conflict.
package enum Resolution: Sendable, Hashable {
    /// Keep one sibling as it is (its content, or its delete).
    case keep(Dot)
    /// Start from the merged view and take each listed field from the chosen
    /// live sibling (fields not listed keep the view's value).
    case fields([String: Dot])
    /// Write this content.
    case content(Content)
    /// Delete the document.
    case delete

    /// The revision content and context that carry out this resolution.
    /// - Throws: `ResolutionError` when a chosen revision is not a (live) sibling of `view`.
    package func draft(for view: MergedView) throws(ResolutionError) -> ResolutionDraft {
        var context = VersionVector()
        for s in view.siblings {
            context.formUnion(s.context)
            context.add(s.dot)
        }
        func sibling(_ dot: Dot, field: String?) throws(ResolutionError) -> Revision {
            guard let s = view.siblings.first(where: { $0.dot == dot }), field == nil || !s.tombstone else {
                throw ResolutionError(documentID: view.documentID, revisionID: dot.description, field: field,
                                      siblingIDs: view.siblings.map(\.revisionID))
            }
            return s
        }
        switch self {
        case .keep(let dot):
            let s = try sibling(dot, field: nil)
            return ResolutionDraft(content: s.tombstone ? Content() : s.content, tombstone: s.tombstone, context: context)
        case .fields(let choices):
            var content = view.content
            for (field, dot) in choices.sorted(by: { $0.key < $1.key }) {
                content[field] = try sibling(dot, field: field).content[field]
            }
            return ResolutionDraft(content: content, tombstone: false, context: context)
        case .content(let content):
            return ResolutionDraft(content: content, tombstone: false, context: context)
        case .delete:
            return ResolutionDraft(content: Content(), tombstone: true, context: context)
        }
    }
}
