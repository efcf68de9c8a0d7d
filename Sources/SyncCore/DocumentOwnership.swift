/// Document ids are owned by the node named in their prefix
/// (`lisbon.9yk8…` belongs to `lisbon`). Any trusted city may edit any
/// document, but only the owner may write the revision that creates one
/// (the revision with an empty context): otherwise two cities could create
/// the same id, one as an article and one as a talk, and no sync between
/// them could ever succeed again.
public enum DocumentOwnership {
    /// The node that owns `id`: the part before the first `.` (nil when there is none).
    public static func owner(of id: String) -> String? {
        guard let dot = id.firstIndex(of: "."), dot != id.startIndex else { return nil }
        return String(id[..<dot])
    }

    /// True when `revision` may be accepted as far as ownership goes: it is
    /// an edit (its writer had seen the document), or its author owns the id.
    public static func permits(_ revision: Revision) -> Bool {
        !revision.context.entries.isEmpty || owner(of: revision.documentID) == revision.author
    }

    /// Why `revision` breaks the rule, or nil when it does not.
    public static func problem(_ revision: Revision) -> String? {
        guard !permits(revision) else { return nil }
        let owner = owner(of: revision.documentID) ?? "?"
        return "it creates \(revision.documentID), which belongs to '\(owner)', but is written by '\(revision.author)': only a document's owner may create it"
    }
}
