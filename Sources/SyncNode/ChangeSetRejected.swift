/// A change-set (a pulled page or a pushed body) with at least one bad
/// revision: nothing of it was applied.
package struct ChangeSetRejected: Error, Sendable, CustomStringConvertible {
    package var rejections: [RevisionRejection]

    package var description: String {
        let first = rejections.prefix(3).map(\.description).joined(separator: "; ")
        let more = rejections.count > 3 ? " (and \(rejections.count - 3) more)" : ""
        let hints = Set(rejections.map(\.code)).sorted { $0.rawValue < $1.rawValue }.map(\.hint).joined(separator: "; ")
        return "change-set refused, nothing applied: \(first)\(more). What to do: \(hints)"
    }
}
