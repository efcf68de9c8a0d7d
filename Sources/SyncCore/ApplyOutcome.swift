/// What `DocumentState.apply(_:)` did with a revision.
package enum ApplyOutcome: Sendable, Hashable {
    /// The revision is now one of the document's current siblings (it may
    /// have superseded others). Recompute the view.
    case added
    /// The revision is already one of the current siblings (or a different
    /// revision with its dot is, and is the one kept): the siblings shown did
    /// not gain it. Only such a reused dot can still have widened the clock.
    case alreadyKnown
    /// The state's clock already covers the revision's dot: it was superseded
    /// by a revision this state holds (or was applied before and superseded
    /// since). Keep it in the history; it is not shown.
    case obsolete
}
