/// The revision to write to resolve a conflict: it supersedes every sibling
/// because its context covers all their dots.
public struct ResolutionDraft: Sendable, Hashable {
    public var content: Content
    public var tombstone: Bool
    /// The union of the siblings' contexts plus their dots.
    public var context: VersionVector

    public init(content: Content, tombstone: Bool, context: VersionVector) {
        self.content = content
        self.tombstone = tombstone
        self.context = context
    }
}
