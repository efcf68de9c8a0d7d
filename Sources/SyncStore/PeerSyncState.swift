/// What this node remembers of its sync with one peer.
package struct PeerSyncState: Sendable, Equatable {
    package var peer: String
    /// The peer's change-log position this node has pulled up to (the checkpoint).
    package var pulledSeq: Int64
    /// This node's change-log position the peer has acknowledged by push.
    package var pushedSeq: Int64
    package var lastSuccess: UInt64?
    package var lastError: String?
    package var lastErrorAt: UInt64?
    /// Consecutive failed runs (drives back-off across runs).
    package var failures: Int
    /// Earliest time the next attempt should be made (ms), when backing off.
    package var nextAttempt: UInt64?
    /// The peer's change-log head when last seen (for lag).
    package var peerHeadSeq: Int64

    package init(peer: String) {
        self.peer = peer
        pulledSeq = 0
        pushedSeq = 0
        failures = 0
        peerHeadSeq = 0
    }

    /// Revisions the peer had that this node has not pulled yet, as of the last contact.
    package var lag: Int64 { max(0, peerHeadSeq - pulledSeq) }
}
