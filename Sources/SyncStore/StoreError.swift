import SyncCore

/// Errors from the store, each saying what to do next.
package enum StoreError: Error, CustomStringConvertible, Equatable {
    /// No store at the path (run `syncnode init`).
    case notInitialised(path: String)
    /// The file was written by a newer syncnode.
    case newerSchema(path: String, unknown: [String])
    case notFound(id: String)
    /// The stored data does not parse: the file was changed outside syncnode.
    case corrupt(String)
    /// A received revision reuses a dot (actor, counter) with other content.
    case dotReused(dot: String, documentID: String)
    /// A received revision says the document is of the other kind.
    case kindMismatch(revision: String, documentID: String, claimed: String, stored: String)
    case invalid(String)

    /// A refusal of one received revision, decided before anything was
    /// written: the caller may record it and go on.
    package var isRefusal: Bool {
        switch self {
        case .dotReused, .kindMismatch: return true
        default: return false
        }
    }

    package var description: String {
        switch self {
        case .notInitialised(let p):
            return "no syncnode store at \(p): run `syncnode init --name NAME` first, or pass --home DIR / set SYNCNODE_HOME"
        case .newerSchema(let p, let unknown):
            return "the store at \(p) was written by a newer syncnode (migrations \(unknown.joined(separator: ", "))): upgrade syncnode to open it"
        case .notFound(let id):
            return "no document with id '\(id)': `syncnode list` shows the ids"
        case .corrupt(let what):
            return "the store is damaged: \(what). Restore it from a backup (docs/operations.md)"
        case .dotReused(let dot, let id):
            return "revision \(dot) of \(id) reuses a write counter with different content: the author node was restored from a backup and must move to a new epoch"
        case .kindMismatch(let rev, let id, let claimed, let stored):
            return "revision \(rev) says \(id) is \(DocumentKind(rawValue: claimed)?.withArticle ?? claimed), but this node holds it as \(DocumentKind(rawValue: stored)?.withArticle ?? stored): a document's kind never changes"
        case .invalid(let what):
            return what
        }
    }
}
