/// One revision refused from a change-set, with the reason, for logs,
/// metrics and the pusher.
package struct RevisionRejection: Sendable, Equatable, CustomStringConvertible {
    /// Why, as a stable label (metrics, scripts).
    package enum Code: String, Sendable {
        case unknownAuthor = "unknown_author"
        case revokedKey = "revoked_key"
        case badSignature = "bad_signature"
        case invalidContent = "invalid_content"
        case reusedCounter = "reused_counter"
        case notOwner = "not_owner"
        case kindMismatch = "kind_mismatch"

        /// Tampering (the bytes are not what the author signed): the whole
        /// change-set is refused. Every other code is a disagreement: the
        /// revision is recorded as rejected and the rest is applied.
        package var refusesChangeSet: Bool { self == .badSignature }

        /// What the operator can do about it.
        var hint: String {
            switch self {
            case .unknownAuthor: return "if the author is a new partner city, add it with `syncnode peer add`"
            case .revokedKey: return "the author's key was revoked: the peer that sent it must drop what that key signed"
            case .badSignature: return "the revision was altered or forged, or the author's key in peers/ is out of date (`syncnode peer show`)"
            case .invalidContent: return "the sending node must fix the record; it breaks the documented schema"
            case .reusedCounter: return "the author node was restored from a backup and wrote again before it caught up; every node keeps the earlier write, and the author writes its later one again under a new epoch once it sees the original"
            case .notOwner: return "a city may only create documents in its own id namespace; the author's operator must re-create the record under its own id"
            case .kindMismatch: return "two cities hold this id as different kinds; the id's owner decides which it is"
            }
        }
    }

    package var peer: String
    package var documentID: String
    package var revisionID: String
    package var code: Code
    package var reason: String

    package var description: String {
        "revision \(revisionID) of document \(documentID) from peer \(peer) rejected: \(reason)"
    }
}
