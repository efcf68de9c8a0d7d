/// The revision to write to resolve a conflict: it supersedes every sibling
/// because its context covers all their dots.
package struct ResolutionDraft: Sendable, Hashable {
    package var content: Content
    package var tombstone: Bool
    /// The union of the siblings' contexts plus their dots.
    package var context: VersionVector

    package init(content: Content, tombstone: Bool, context: VersionVector) {
        self.content = content
        self.tombstone = tombstone
        self.context = context
    }
}
