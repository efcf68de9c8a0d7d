/// A revision the store held and took back out of its log, because a
/// revision that every node prefers arrived: the other of two revisions
/// claiming one dot (a node restored from a backup wrote again), or the
/// document's creation saying it is of the other kind. Every node withdraws
/// the same ones, so all end with the same visible state whatever the order
/// of arrival; the caller records them as rejected.
package struct WithdrawnRevision: Sendable, Equatable {
    package var record: RevisionRecord
    /// True when it was one of its document's current siblings: its content
    /// was showing, so its author may want to write it again under a new dot.
    package var wasCurrent: Bool
    /// `reused_counter` or `kind_mismatch`.
    package var code: String
    package var reason: String
}
