import SyncCore

/// One of the concurrent versions of a document in conflict, shown side by side.
public struct WebVersion: Sendable, Equatable {
    public var revision: WebRevision
    public var content: Content

    public init(revision: WebRevision, content: Content) {
        self.revision = revision
        self.content = content
    }
}
