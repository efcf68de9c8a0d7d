/// What importing one record does to the store (decided by `ImportMatcher`
/// before anything is written).
enum ImportDecision: Equatable {
    /// An identical, settled document exists: nothing is written.
    case unchanged(String)
    /// The record is a new version of this existing document.
    case update(String)
    /// A new document; `reassignedFrom` is the record's id when that belonged
    /// to another node and a new id was minted.
    case create(String, reassignedFrom: String?)

    /// The id of the document the record ends up as.
    var id: String {
        switch self {
        case .unchanged(let id), .update(let id), .create(let id, _): return id
        }
    }
}
