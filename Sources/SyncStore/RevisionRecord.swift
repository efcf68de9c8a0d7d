import SyncCore

/// A revision as the change log holds it: where it sits in the log, where
/// it came from and when it arrived.
package struct RevisionRecord: Sendable, Equatable {
    package var seq: Int64
    package var signed: SignedRevision
    /// The peer it was received from; nil when written on this node.
    package var origin: String?
    package var receivedAt: UInt64

    package var revision: Revision { signed.revision }
}
