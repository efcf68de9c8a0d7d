/// A record whose id belongs to another node and was not in the store:
/// import created it under a new id owned by this node (only a document's
/// owner may create it, see `DocumentOwnership`).
package struct IDReassignment: Sendable, Equatable {
    /// The id in the imported file.
    package var from: String
    /// The id the document has in this store.
    package var to: String

    package init(from: String, to: String) {
        self.from = from
        self.to = to
    }
}
