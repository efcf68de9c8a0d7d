/// Actor epochs for nodes restored from a backup.
///
/// A restored node has forgotten its latest writes; writing on with the same
/// counters would produce dots that peers already know (and take as old), so
/// it moves to a new actor: `birmingham`, then `birmingham~2`, `birmingham~3`.
/// Epoch 1 is the bare node name. Node names never contain `~`.
package enum ActorEpoch {
    package static let separator: Character = "~"

    /// The node and epoch of an actor: `birmingham~3` → (`birmingham`, 3);
    /// anything without a `~N` suffix (N >= 2) is epoch 1 of itself.
    package static func parse(_ actor: String) -> (node: String, epoch: Int) {
        guard let tilde = actor.lastIndex(of: separator),
              actor[actor.index(after: tilde)...].allSatisfy({ ("0"..."9").contains($0) }),
              let n = Int(actor[actor.index(after: tilde)...]), n >= 2 else { return (actor, 1) }
        return (String(actor[..<tilde]), n)
    }

    /// The actor name of `node` in `epoch` (the bare name for epoch 1).
    package static func actor(node: String, epoch: Int) -> String {
        epoch <= 1 ? node : "\(node)\(separator)\(epoch)"
    }

    /// The next epoch's actor: `birmingham` → `birmingham~2` → `birmingham~3`.
    package static func next(after actor: String) -> String {
        let (node, epoch) = parse(actor)
        return self.actor(node: node, epoch: epoch + 1)
    }

    /// True when a peer has seen a higher counter for this actor than the
    /// node's own counter: the node was restored and must change epoch.
    package static func mustAdvance(localCounter: UInt64, peerCounter: UInt64) -> Bool {
        peerCounter > localCounter
    }

    /// Compares the node's own position with what a peer (or the union of
    /// several peers) has seen of its actors.
    ///
    /// - Parameters:
    ///   - localActor: the actor the node writes as now.
    ///   - localCounter: the highest counter the node has used as `localActor`.
    ///   - peerClock: the peer's summary of every actor's highest counter seen.
    /// - Returns: `.advance` when the peer knows a higher counter for
    ///   `localActor`, or any write of a later epoch of the same node; the
    ///   new actor's epoch is one more than the highest epoch known.
    package static func check(localActor: String, localCounter: UInt64, peerClock: VersionVector) -> EpochDecision {
        let (node, epoch) = parse(localActor)
        var highest = epoch
        for (actor, _) in peerClock.entries {
            let seen = parse(actor)
            if seen.node == node { highest = Swift.max(highest, seen.epoch) }
        }
        guard mustAdvance(localCounter: localCounter, peerCounter: peerClock[localActor]) || highest > epoch else {
            return .keep
        }
        return .advance(newActor: actor(node: node, epoch: highest + 1))
    }
}
