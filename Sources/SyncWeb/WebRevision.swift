/// One line of a document's history: which city wrote it and when.
package struct WebRevision: Sendable, Equatable {
    package var revisionID: String
    /// The node (city) whose key signed it.
    package var author: String
    /// The writer's clock, milliseconds since 1970.
    package var millis: UInt64
    package var deleted: Bool

    package init(revisionID: String, author: String, millis: UInt64, deleted: Bool) {
        self.revisionID = revisionID
        self.author = author
        self.millis = millis
        self.deleted = deleted
    }
}
