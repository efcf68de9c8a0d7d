/// A document's concurrent versions laid out for someone to review: the
/// same siblings and base always give the identical report (everything in it
/// is sorted), so two nodes can compare reports byte for byte.
package struct ConflictReport: Sendable, Hashable, CustomStringConvertible {
    /// At or above this many siblings the report warns: something keeps
    /// writing without seeing the others' revisions (or a resolution is overdue).
    package static let siblingWarningThreshold = 8

    package var documentID: String
    package var kind: DocumentKind
    package var winnerID: String
    /// Revision ids of all siblings, sorted by dot.
    package var siblingIDs: [String]
    /// The merge base's id: one revision id, or `a:2+b:1` for a virtual base
    /// (the merge of those revisions); nil when there is none.
    package var baseID: String?
    /// True when a delete is concurrent with an edit.
    package var deleteConflict: Bool
    /// Revision ids of the siblings that are deletes, sorted by dot.
    package var deletedBy: [String]
    /// Fields that differ, sorted by name.
    package var fields: [FieldDifference]
    /// Revision ids whose timestamp was too far ahead of the local clock, sorted.
    package var skewedIDs: [String]
    /// True when `siblingIDs.count >= siblingWarningThreshold`.
    package var tooManySiblings: Bool

    /// True when a field conflict or a delete-vs-edit waits for a resolution
    /// (otherwise the siblings merged cleanly and the report is informational).
    package var needsResolution: Bool { deleteConflict || fields.contains(where: \.conflict) }

    /// The report for `view`, or nil when there is nothing to review: a single
    /// version (one sibling, or identical concurrent edits).
    package init?(view: MergedView) {
        guard view.distinctVersionCount > 1 else { return nil }
        documentID = view.documentID
        kind = view.kind
        winnerID = view.winner.revisionID
        siblingIDs = view.siblings.map(\.revisionID)
        baseID = view.mergeBase?.id
        deleteConflict = view.deleteConflict
        deletedBy = view.siblings.filter(\.tombstone).map(\.revisionID)
        skewedIDs = view.skewed.sorted().map(\.description)
        tooManySiblings = view.siblings.count >= Self.siblingWarningThreshold

        let live = view.siblings.filter { !$0.tombstone }
        let liveBase = view.mergeBase?.content
        var names = Set<String>()
        for s in live { names.formUnion(s.content.fields.keys) }
        if let liveBase { names.formUnion(liveBase.fields.keys) }
        let conflicted = Set(view.conflicts.map(\.field))
        fields = names.sorted().compactMap { name in
            var seen = live.map { $0.content[name] }
            if let liveBase { seen.append(liveBase[name]) }
            guard seen.contains(where: { $0 != seen[0] }) else { return nil }
            return FieldDifference(
                field: name, base: liveBase?[name], shown: view.content[name],
                values: view.siblings.map { SiblingValue(dot: $0.dot, value: $0.tombstone ? nil : $0.content[name],
                                                         tombstone: $0.tombstone) },
                conflict: conflicted.contains(name), deleteVsEdit: view.deleteConflict)
        }
    }

    /// A fixed plain-text rendering (for the CLI and for comparing nodes).
    package var description: String {
        var lines: [String] = []
        var head = "\(documentID) (\(kind.rawValue)): \(siblingIDs.count) siblings"
        if tooManySiblings { head += " [WARNING: \(Self.siblingWarningThreshold) or more siblings]" }
        lines.append(head)
        lines.append("  winner: \(winnerID)")
        lines.append("  siblings: \(siblingIDs.joined(separator: ", "))")
        lines.append("  base: \(baseID ?? "none")")
        if deleteConflict { lines.append("  delete vs edit: deleted by \(deletedBy.joined(separator: ", "))") }
        if !skewedIDs.isEmpty { lines.append("  clock ahead: \(skewedIDs.joined(separator: ", "))") }
        for f in fields {
            lines.append("  \(f.field)\(f.conflict ? " [CONFLICT]" : ""): base \(Self.render(f.base)), shown \(Self.render(f.shown))")
            for v in f.values {
                lines.append("    \(v.revisionID): \(v.tombstone ? "(deleted)" : Self.render(v.value))")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func render(_ value: FieldValue?) -> String {
        switch value {
        case nil: return "(empty)"
        case .text(let s)?: return quoted(s)
        case .list(let l)?: return "[" + l.map(quoted).joined(separator: ", ") + "]"
        }
    }

    /// Double-quoted, with quotes, backslashes and line breaks escaped so a
    /// value stays on one line (apostrophes stay as they are).
    static func quoted(_ s: String) -> String {
        var out = "\""
        for c in s {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
