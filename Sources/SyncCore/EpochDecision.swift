/// Whether a node may keep writing under its actor name.
package enum EpochDecision: Sendable, Hashable {
    /// No peer has seen a later write of this actor: keep going.
    case keep
    /// A peer has seen writes of this actor (or of a later epoch of this node)
    /// that this node does not remember: it was restored from a backup and its
    /// counters would repeat. Switch to `newActor` and restart counters at 1.
    case advance(newActor: String)
}
