import SyncCore

/// A revision as the change log holds it: where it sits in the log, where
/// it came from and when it arrived.
public struct RevisionRecord: Sendable, Equatable {
    public var seq: Int64
    public var signed: SignedRevision
    /// The peer it was received from; nil when written on this node.
    public var origin: String?
    public var receivedAt: UInt64

    public var revision: Revision { signed.revision }
}
