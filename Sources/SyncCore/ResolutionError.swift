/// A resolution that names a revision which is not a current sibling (or
/// takes a field from a delete).
package struct ResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    package var documentID: String
    package var revisionID: String
    package var field: String?
    /// The current siblings' revision ids, to choose from.
    package var siblingIDs: [String]

    package init(documentID: String, revisionID: String, field: String?, siblingIDs: [String]) {
        self.documentID = documentID
        self.revisionID = revisionID
        self.field = field
        self.siblingIDs = siblingIDs
    }

    package var description: String {
        let choices = siblingIDs.joined(separator: ", ")
        if let field {
            return "cannot take field '\(field)' of \(documentID) from \(revisionID): it is not a live sibling (live and deleted siblings: \(choices)); choose a live sibling, or resolve with a delete"
        }
        return "\(revisionID) is not a current sibling of \(documentID): choose one of \(choices) (the document may have changed since the conflict was listed; list it again)"
    }
}
