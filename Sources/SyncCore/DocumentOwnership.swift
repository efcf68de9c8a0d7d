/// Who may create a document.
///
/// A document id names its owner before the first `.` (`lisbon.0f3k…` is
/// owned by `lisbon`). Only the owner may write the revision that creates a
/// document (the one with an empty context); any trusted node may edit a
/// document once it holds it. Without the rule two nodes could create the same
/// id independently, even one as an article and one as a talk, and the
/// federation could never merge them. Local authoring (`add`, `import`) and
/// the receiving side (`ChangeSetApplier`) both apply this one rule.
package enum DocumentOwnership {
    /// The owning node of `id`: the part before the first `.`, or nil when
    /// there is no `.` or nothing before it.
    package static func owner(of id: String) -> String? {
        guard let dot = id.firstIndex(of: "."), dot != id.startIndex else { return nil }
        return String(id[..<dot])
    }

    /// True when `node` (a node name, or an actor such as `lisbon~2`, whose
    /// epoch suffix is ignored) owns `id`.
    package static func isOwned(_ id: String, by node: String) -> Bool {
        owner(of: id) == ActorEpoch.parse(node).node
    }

    /// True when `revision` creates its document: it was written without
    /// having seen any earlier revision of it (empty context).
    package static func isCreating(_ revision: Revision) -> Bool {
        revision.context.entries.isEmpty
    }

    /// Checks the rule for one revision: a creating revision must be authored
    /// by the id's owner; any other revision (an edit) passes.
    /// - Throws: `ValidationError` on field `id`, naming the owner and the author.
    package static func check(_ revision: Revision) throws(ValidationError) {
        guard isCreating(revision), !isOwned(revision.documentID, by: revision.author) else { return }
        throw ValidationError(field: "id", reason: refusal(id: revision.documentID, creator: revision.author))
    }

    /// Why `creator` may not create `id`, for error messages on both sides.
    package static func refusal(id: String, creator: String) -> String {
        let owner = owner(of: id).map { "node '\($0)'" } ?? "no node (it has no '<node>.' prefix)"
        return "\(id) is owned by \(owner), so only that node may create it, not '\(ActorEpoch.parse(creator).node)'"
    }
}
