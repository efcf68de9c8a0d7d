/// A change-set (a pulled page or a pushed body) with at least one bad
/// revision: nothing of it was applied.
public struct ChangeSetRejected: Error, Sendable, CustomStringConvertible {
    public var rejections: [RevisionRejection]

    public var description: String {
        let first = rejections.prefix(3).map(\.description).joined(separator: "; ")
        let more = rejections.count > 3 ? " (and \(rejections.count - 3) more)" : ""
        return "change-set refused, nothing applied: \(first)\(more). If the author is a new partner city, add it with `syncnode peer add`"
    }
}
