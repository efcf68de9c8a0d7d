import SyncCore

/// One of the concurrent versions of a document in conflict, shown side by side.
package struct WebVersion: Sendable, Equatable {
    package var revision: WebRevision
    package var content: Content

    package init(revision: WebRevision, content: Content) {
        self.revision = revision
        self.content = content
    }
}
