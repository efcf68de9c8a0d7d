/// One revision refused from a change-set, with the reason, for logs and
/// for the pusher.
public struct RevisionRejection: Sendable, Equatable, CustomStringConvertible {
    public var peer: String
    public var documentID: String
    public var revisionID: String
    public var reason: String

    public var description: String {
        "revision \(revisionID) of document \(documentID) from peer \(peer) rejected: \(reason)"
    }
}
