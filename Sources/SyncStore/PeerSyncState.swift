/// What this node remembers of its sync with one peer.
public struct PeerSyncState: Sendable, Equatable {
    public var peer: String
    /// The peer's change-log position this node has pulled up to (the checkpoint).
    public var pulledSeq: Int64
    /// This node's change-log position the peer has acknowledged by push.
    public var pushedSeq: Int64
    public var lastSuccess: UInt64?
    public var lastError: String?
    public var lastErrorAt: UInt64?
    /// Consecutive failed runs (drives back-off across runs).
    public var failures: Int
    /// Earliest time the next attempt should be made (ms), when backing off.
    public var nextAttempt: UInt64?
    /// The peer's change-log head when last seen (for lag).
    public var peerHeadSeq: Int64

    public init(peer: String) {
        self.peer = peer
        pulledSeq = 0
        pushedSeq = 0
        failures = 0
        peerHeadSeq = 0
    }

    /// Revisions the peer had that this node has not pulled yet, as of the last contact.
    public var lag: Int64 { max(0, peerHeadSeq - pulledSeq) }
}
