import SyncCore

/// What applying one revision did to the store.
package enum ApplyResult: Sendable, Equatable {
    /// New to this node and now one of the document's current siblings.
    /// `conflict` is true when the document now has concurrent siblings.
    case applied(conflict: Bool)
    /// New to this node but already superseded by a revision it holds
    /// (kept in the history, not shown).
    case obsolete
    /// This node already held the revision: nothing changed.
    case alreadyHad

    package var isNew: Bool { self != .alreadyHad }
}
