/// One line of a document's history: which city wrote it and when.
public struct WebRevision: Sendable, Equatable {
    public var revisionID: String
    /// The node (city) whose key signed it.
    public var author: String
    /// The writer's clock, milliseconds since 1970.
    public var millis: UInt64
    public var deleted: Bool

    public init(revisionID: String, author: String, millis: UInt64, deleted: Bool) {
        self.revisionID = revisionID
        self.author = author
        self.millis = millis
        self.deleted = deleted
    }
}
